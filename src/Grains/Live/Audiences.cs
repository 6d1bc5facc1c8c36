using Coordination.Grains.Security;

namespace Coordination.Grains.Live;

/// <summary>
/// Who receives which deltas. The server alone decides a caller's audiences from their roles and
/// organisation; each audience has its own gap-free sequence.
/// </summary>
public static class Audiences
{
    /// <summary>Every change in the tenant, as the board shows it.</summary>
    public const string Coordinators = "coordinators";

    private const string OrganisationPrefix = "organisation/";
    private const string WorkerPrefix = "worker/";

    /// <summary>Status changes of the concerns one organisation reported.</summary>
    public static string Organisation(string organisationId) => OrganisationPrefix + organisationId;

    /// <summary>The concerns assigned to one on-call worker, and their on-call changes.</summary>
    public static string Worker(string userId) => WorkerPrefix + userId;

    public static IReadOnlyList<string> For(Caller caller)
    {
        var audiences = new List<string>(3);
        if (caller.IsCoordinator)
        {
            audiences.Add(Coordinators);
        }

        if (caller.MayReport)
        {
            audiences.Add(Organisation(caller.OrganisationId));
        }

        if (caller.Is(CallerRoles.SocialWorker))
        {
            audiences.Add(Worker(caller.UserId));
        }

        return audiences;
    }

    public static bool TryGetOrganisation(string audience, out string organisationId)
    {
        organisationId = audience.StartsWith(OrganisationPrefix, StringComparison.Ordinal)
            ? audience[OrganisationPrefix.Length..]
            : "";
        return organisationId.Length > 0;
    }

    public static bool TryGetWorker(string audience, out string userId)
    {
        userId = audience.StartsWith(WorkerPrefix, StringComparison.Ordinal) ? audience[WorkerPrefix.Length..] : "";
        return userId.Length > 0;
    }

    /// <summary>The SignalR group of a tenant's audience: tenants never share a group.</summary>
    public static string GroupName(string tenant, string audience) => $"{tenant}|{audience}";
}
