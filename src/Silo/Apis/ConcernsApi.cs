using System.Security.Claims;
using Coordination.Grains;
using Coordination.Grains.Concerns;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Coordination.Silo.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Silo.Apis;

public static class ConcernsApi
{
    public const string ReportRateLimitPolicy = "report-intake";

    public static RouteGroupBuilder MapConcernsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/concerns").WithTags("Concerns").RequireAuthorization(Policies.Member);

        api.MapGet("/form", GetFormAsync).WithName("GetReportForm")
            .WithSummary("What the caller may enter in a report: kinds of place, areas, urgencies and their organisation's indicator checklist.")
            .RequireAuthorization(Policies.Reporter);
        api.MapPost("/", ReportAsync).WithName("ReportConcern")
            .WithSummary("Reports a concern for the caller's organisation.")
            .RequireAuthorization(Policies.Reporter).RequireRateLimiting(ReportRateLimitPolicy);
        api.MapGet("/mine", ListMineAsync).WithName("ListMyOrganisationsConcerns")
            .WithSummary("The concerns the caller's organisation reported, with status only.")
            .RequireAuthorization(Policies.Reporter);
        api.MapGet("/{id:guid}/status", GetStatusAsync).WithName("GetConcernStatus")
            .WithSummary("The status of one concern the caller's organisation reported.");
        api.MapGet("/{id:guid}", GetDetailsAsync).WithName("GetConcern")
            .WithSummary("A concern with its timeline (coordinators); the read is recorded in the timeline.")
            .RequireAuthorization(Policies.Coordinator);
        api.MapPost("/{id:guid}/urgency", ConfirmUrgencyAsync).WithName("ConfirmUrgency")
            .WithSummary("Confirms or changes a concern's urgency.").RequireAuthorization(Policies.Coordinator);
        api.MapPost("/{id:guid}/triage", TriageAsync).WithName("MarkTriaged")
            .WithSummary("Marks a reported concern as triaged.").RequireAuthorization(Policies.Coordinator);
        api.MapPost("/{id:guid}/merge", MergeAsync).WithName("MergeDuplicate")
            .WithSummary("Closes this concern as a duplicate of another, which keeps the link.").RequireAuthorization(Policies.Coordinator);
        api.MapPost("/{id:guid}/close-unfounded", CloseUnfoundedAsync).WithName("CloseAsUnfounded")
            .WithSummary("Closes a concern in triage as unfounded.").RequireAuthorization(Policies.Coordinator);
        return api;
    }

    public sealed record ReportForm(
        IReadOnlyList<string> PlaceKinds, IReadOnlyList<string> Areas, IReadOnlyList<string> Urgencies, IReadOnlyList<string> Indicators);

    public static async Task<Ok<ReportForm>> GetFormAsync(ClaimsPrincipal user, IGrainFactory grains, IOrganisationDirectory directory)
    {
        var caller = user.ToCaller();
        var profile = await grains.GetGrain<IPartnerGrain>(GrainKeys.For(caller.Tenant, caller.OrganisationId)).GetProfile(caller);
        return TypedResults.Ok(new ReportForm(
            Enum.GetNames<PlaceKind>(), await directory.GetAreasAsync(caller.Tenant), Enum.GetNames<Urgency>(), profile.Checklist));
    }

    public static async Task<Results<Created<ReportStatus>, ValidationProblem>> ReportAsync(
        ReportConcernRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        errors.TryEnum<PlaceKind>("placeKind", request.PlaceKind, out var placeKind);
        errors.TryEnum<Urgency>("urgency", request.Urgency, out var urgency);
        if (string.IsNullOrWhiteSpace(request.Area))
        {
            errors.Add("area", "Required.");
        }

        if (request.ObservedAt is null)
        {
            errors.Add("observedAt", "Required.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }

        var caller = user.ToCaller();
        var id = Guid.NewGuid();
        var status = await grains.GetGrain<IConcernGrain>(GrainKeys.For(caller.Tenant, id)).Report(caller, new ReportConcern(
            placeKind!.Value, request.Area!.Trim(), request.ObservedAt!.Value, request.Indicators ?? [], request.FreeText, urgency!.Value));
        return TypedResults.Created($"/api/concerns/{id}/status", status);
    }

    public static async Task<Ok<OrganisationReports>> ListMineAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = user.ToCaller();
        return TypedResults.Ok(await grains.GetGrain<IPartnerGrain>(GrainKeys.For(caller.Tenant, caller.OrganisationId)).GetReports(caller));
    }

    public static async Task<Ok<ReportStatus>> GetStatusAsync(Guid id, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Concern(grains, user, id, out var caller).GetStatus(caller));

    public static async Task<Ok<ConcernDetails>> GetDetailsAsync(Guid id, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Concern(grains, user, id, out var caller).GetDetails(caller));

    public static async Task<Results<Ok<ConcernSummary>, ValidationProblem>> ConfirmUrgencyAsync(
        Guid id, UrgencyRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        if (!errors.TryEnum<Urgency>("urgency", request.Urgency, out var urgency))
        {
            return TypedResults.ValidationProblem(errors.All);
        }

        return TypedResults.Ok(await Concern(grains, user, id, out var caller).ConfirmUrgency(caller, urgency.Value));
    }

    public static async Task<Ok<ConcernSummary>> TriageAsync(Guid id, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Concern(grains, user, id, out var caller).MarkTriaged(caller));

    public static async Task<Results<Ok<ConcernSummary>, ValidationProblem>> MergeAsync(
        Guid id, MergeRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (request.TargetId is not { } targetId || targetId == Guid.Empty)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["targetId"] = ["Required."] });
        }

        return TypedResults.Ok(await Concern(grains, user, id, out var caller).MergeInto(caller, targetId));
    }

    public static async Task<Ok<ConcernSummary>> CloseUnfoundedAsync(Guid id, CloseRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Concern(grains, user, id, out var caller).CloseAsUnfounded(caller, request?.Reason));

    private static IConcernGrain Concern(IGrainFactory grains, ClaimsPrincipal user, Guid id, out Grains.Security.Caller caller)
    {
        caller = user.ToCaller();
        return grains.GetGrain<IConcernGrain>(GrainKeys.For(caller.Tenant, id));
    }
}
