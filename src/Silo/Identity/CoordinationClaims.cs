using System.Security.Claims;
using Coordination.Grains.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Identity;

public static class CoordinationClaims
{
    public const string Tenant = "coordination:tenant";
    public const string Organisation = "coordination:organisation";
    public const string DisplayName = "coordination:name";

    /// <summary>The grain-level identity of a signed-in principal.</summary>
    public static Caller ToCaller(this ClaimsPrincipal principal) => new(
        principal.FindFirstValue(Tenant) ?? throw new AccessDeniedException("The account has no tenant."),
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new AccessDeniedException("The account has no id."),
        principal.FindFirstValue(Organisation) ?? throw new AccessDeniedException("The account has no organisation."),
        RoleNames.Parse(principal.FindAll(ClaimTypes.Role).Select(c => c.Value)));
}

/// <summary>Puts tenant and organisation into the cookie and the bearer token, next to the roles.</summary>
public sealed class CoordinationClaimsFactory(
    UserManager<CoordinationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CoordinationUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CoordinationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CoordinationClaims.Tenant, user.Tenant));
        identity.AddClaim(new Claim(CoordinationClaims.Organisation, user.OrganisationId));
        identity.AddClaim(new Claim(CoordinationClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
