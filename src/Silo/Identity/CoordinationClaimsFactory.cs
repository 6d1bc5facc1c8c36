using System.Security.Claims;
using Coordination.Grains.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Identity;

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
        identity.AddClaim(new Claim(CallerClaims.Tenant, user.Tenant));
        identity.AddClaim(new Claim(CallerClaims.Organisation, user.OrganisationId));
        identity.AddClaim(new Claim(CallerClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
