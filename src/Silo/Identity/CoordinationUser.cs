using Microsoft.AspNetCore.Identity;

namespace Coordination.Silo.Identity;

/// <summary>An account: belongs to exactly one partner organisation in one tenant.</summary>
public sealed class CoordinationUser : IdentityUser
{
    public string Tenant { get; set; } = "";
    public string OrganisationId { get; set; } = "";
    public string DisplayName { get; set; } = "";
}
