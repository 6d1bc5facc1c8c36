using System.Security.Claims;
using Coordination.Grains.Board;
using Coordination.Grains.Live;
using Coordination.Grains.Security;
using Coordination.Silo.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Silo.Apis;

public static class BoardApi
{
    public static RouteGroupBuilder MapBoardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Board").RequireAuthorization(Policies.Member);
        api.MapGet("/board", GetBoardAsync).WithName("GetBoard")
            .WithSummary("The operational picture: open concerns and figures, at a sequence of the coordinators' feed.")
            .RequireAuthorization(Policies.Coordinator);
        api.MapGet("/me", GetMe).WithName("GetMe")
            .WithSummary("The signed-in account: tenant, organisation, roles and the live audiences it receives.");
        return api;
    }

    public static async Task<Ok<BoardSnapshot>> GetBoardAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = user.ToCaller();
        return TypedResults.Ok(await grains.GetGrain<IBoardGrain>(caller.Tenant).GetSnapshot(caller));
    }

    public sealed record Me(string UserId, string DisplayName, string Tenant, string OrganisationId, IReadOnlyList<string> Roles, IReadOnlyList<string> Audiences);

    public static Ok<Me> GetMe(ClaimsPrincipal user)
    {
        var caller = user.ToCaller();
        return TypedResults.Ok(new Me(
            caller.UserId, user.FindFirstValue(CallerClaims.DisplayName) ?? "", caller.Tenant, caller.OrganisationId,
            [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)], Audiences.For(caller)));
    }
}
