using System.Security.Claims;
using Coordination.Grains.OnCall;
using Coordination.Grains.Security;
using Coordination.Silo.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Silo.Apis;

public static class OnCallApi
{
    /// <summary>The longest calendar one request may ask for.</summary>
    public static readonly TimeSpan MaxShiftRange = TimeSpan.FromDays(62);

    public static RouteGroupBuilder MapOnCallApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/oncall").WithTags("On call").RequireAuthorization(Policies.Staff);
        api.MapGet("/", GetAsync).WithName("GetOnCall")
            .WithSummary("The roster, every worker's availability and load, and who is on shift now.");
        api.MapPut("/roster", SaveRosterAsync).WithName("SaveRoster")
            .WithSummary("Replaces the roster (layers, overrides, swaps); send the revision you read.")
            .RequireAuthorization(Policies.Coordinator);
        api.MapPut("/availability", SetAvailabilityAsync).WithName("SetAvailability")
            .WithSummary("Sets a worker's availability: your own, or (coordinators) anyone's.");
        api.MapGet("/shifts", GetShiftsAsync).WithName("GetShifts")
            .WithSummary("The shifts between two instants (at most 62 days), optionally for one worker.");
        app.MapGet("/api/me/assignments", GetMyAssignmentsAsync).WithTags("On call").WithName("GetMyAssignments")
            .WithSummary("The open concerns assigned to the signed-in worker, at a sequence of their feed.")
            .RequireAuthorization(Policies.Worker);
        return api;
    }

    public sealed record OnCallPicture(OnCallView OnCall, IReadOnlyList<OnShift> OnShiftNow, IReadOnlyDictionary<string, int> OpenAssignments);

    public sealed record RosterRequest(long? Revision, Roster? Roster);

    public sealed record AvailabilityRequest(string? WorkerId, string? Availability);

    public static async Task<Ok<OnCallPicture>> GetAsync(ClaimsPrincipal user, IGrainFactory grains, Grains.Storage.IEventStore store, TimeProvider time)
    {
        var caller = user.ToCaller();
        var view = await grains.GetGrain<IOnCallGrain>(caller.Tenant).GetView(caller);
        var load = await store.CountOpenAssignmentsAsync(caller.Tenant);
        return TypedResults.Ok(new OnCallPicture(view, RosterPolicy.OnShiftAt(view.Roster, time.GetUtcNow()), load));
    }

    public static async Task<Results<Ok<OnCallView>, ValidationProblem>> SaveRosterAsync(RosterRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        if (request.Revision is null)
        {
            errors.Add("revision", "Required: the revision of the roster you changed.");
        }

        if (request.Roster is null)
        {
            errors.Add("roster", "Required.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }

        var caller = user.ToCaller();
        return TypedResults.Ok(await grains.GetGrain<IOnCallGrain>(caller.Tenant).SaveRoster(caller, request.Roster!, request.Revision!.Value));
    }

    public static async Task<Results<Ok<OnCallView>, ValidationProblem>> SetAvailabilityAsync(
        AvailabilityRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        if (!errors.TryEnum<WorkerAvailability>("availability", request.Availability, out var availability))
        {
            return TypedResults.ValidationProblem(errors.All);
        }

        var caller = user.ToCaller();
        var workerId = string.IsNullOrWhiteSpace(request.WorkerId) ? caller.UserId : request.WorkerId.Trim();
        return TypedResults.Ok(await grains.GetGrain<IOnCallGrain>(caller.Tenant).SetAvailability(caller, workerId, availability.Value));
    }

    public static async Task<Results<Ok<IReadOnlyList<Shift>>, ValidationProblem>> GetShiftsAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? workerId, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        var start = from ?? time.GetUtcNow();
        var end = to ?? start.AddDays(14);
        if (end <= start || end - start > MaxShiftRange)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["Must be after from, and at most 62 days later."] });
        }

        var caller = user.ToCaller();
        var view = await grains.GetGrain<IOnCallGrain>(caller.Tenant).GetView(caller);
        var shifts = RosterPolicy.Shifts(view.Roster, start, end);
        return TypedResults.Ok<IReadOnlyList<Shift>>(workerId is null ? shifts : [.. shifts.Where(s => s.WorkerId == workerId)]);
    }

    public static async Task<Ok<WorkerAssignments>> GetMyAssignmentsAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = user.ToCaller();
        return TypedResults.Ok(await grains.GetGrain<IOnCallGrain>(caller.Tenant).GetAssignments(caller));
    }
}
