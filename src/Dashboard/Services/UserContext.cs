using System.Security.Claims;
using Coordination.Grains.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace Coordination.Dashboard.Services;

/// <summary>The signed-in account of this circuit, as a grain-level <see cref="Caller"/>.</summary>
public sealed class UserContext(AuthenticationStateProvider authentication)
{
    public async Task<ClaimsPrincipal> GetUserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<Caller> GetCallerAsync() => (await GetUserAsync()).ToCaller();
}
