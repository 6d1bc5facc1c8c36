namespace Coordination.Grains.Security;

/// <summary>
/// Who is asking: passed to every grain method that reads or changes data, so that each grain checks
/// tenant, organisation and role itself (defence in depth behind the API and hub checks).
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.Caller")]
public sealed record Caller(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string UserId,
    [property: Id(2)] string OrganisationId,
    [property: Id(3)] CallerRoles Roles)
{
    public bool Is(CallerRoles role) => (Roles & role) != 0;

    public bool IsCoordinator => Is(CallerRoles.Coordinator);

    /// <summary>Anyone who works for a partner organisation may report; the system owner may not.</summary>
    public bool MayReport => Is(CallerRoles.Coordinator | CallerRoles.SocialWorker | CallerRoles.PartnerMember | CallerRoles.PartnerAdmin);

    public void EnsureTenant(string tenant)
    {
        if (!string.Equals(Tenant, tenant, StringComparison.Ordinal))
        {
            throw new AccessDeniedException("The caller belongs to another tenant.");
        }
    }

    public void EnsureCoordinator(string tenant)
    {
        EnsureTenant(tenant);
        if (!IsCoordinator)
        {
            throw new AccessDeniedException("Only coordinators may do this.");
        }
    }
}
