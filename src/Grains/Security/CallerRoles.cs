namespace Coordination.Grains.Security;

/// <summary>The roles of DOMAIN.md; a user may hold several.</summary>
[Flags]
[GenerateSerializer, Alias("Coordination.CallerRoles")]
public enum CallerRoles
{
    None = 0,
    Coordinator = 1,
    SocialWorker = 2,
    PartnerMember = 4,
    PartnerAdmin = 8,
    Administrator = 16,
}

public static class RoleNames
{
    public const string Coordinator = nameof(CallerRoles.Coordinator);
    public const string SocialWorker = nameof(CallerRoles.SocialWorker);
    public const string PartnerMember = nameof(CallerRoles.PartnerMember);
    public const string PartnerAdmin = nameof(CallerRoles.PartnerAdmin);
    public const string Administrator = nameof(CallerRoles.Administrator);

    public static IReadOnlyList<string> All { get; } =
        [Coordinator, SocialWorker, PartnerMember, PartnerAdmin, Administrator];

    public static CallerRoles Parse(IEnumerable<string> roles) =>
        roles.Aggregate(CallerRoles.None, (all, role) =>
            Enum.TryParse<CallerRoles>(role, out var parsed) ? all | parsed : all);
}
