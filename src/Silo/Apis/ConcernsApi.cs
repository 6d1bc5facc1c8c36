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
            .WithSummary("A concern with its timeline (coordinators and the assigned worker); the read is recorded in the timeline.")
            .RequireAuthorization(Policies.Staff);
        api.MapPost("/{id:guid}/urgency", ConfirmUrgencyAsync).WithName("ConfirmUrgency")
            .WithSummary("Confirms or changes a concern's urgency.").RequireAuthorization(Policies.Coordinator);
        api.MapPost("/{id:guid}/triage", TriageAsync).WithName("MarkTriaged")
            .WithSummary("Marks a reported concern as triaged.").RequireAuthorization(Policies.Coordinator);
        api.MapPost("/{id:guid}/merge", MergeAsync).WithName("MergeDuplicate")
            .WithSummary("Closes this concern as a duplicate of another, which keeps the link.").RequireAuthorization(Policies.Coordinator);
        api.MapPost("/{id:guid}/close-unfounded", CloseUnfoundedAsync).WithName("CloseAsUnfounded")
            .WithSummary("Closes a concern in triage as unfounded.").RequireAuthorization(Policies.Coordinator);
        api.MapPost("/{id:guid}/assign", AssignAsync).WithName("AssignConcern")
            .WithSummary("Assigns or reassigns a triaged concern: to a worker, or without one to the next worker on shift.")
            .RequireAuthorization(Policies.Coordinator);
        api.MapPost("/{id:guid}/accept", AcceptAsync).WithName("AcceptConcern")
            .WithSummary("The assigned worker accepts the concern.").RequireAuthorization(Policies.Worker);
        api.MapPost("/{id:guid}/decline", DeclineAsync).WithName("DeclineConcern")
            .WithSummary("The assigned worker declines with a reason; the concern goes to the next worker on shift.")
            .RequireAuthorization(Policies.Worker);
        api.MapPost("/{id:guid}/contact", RecordContactAsync).WithName("RecordContactAttempt")
            .WithSummary("Records a contact attempt and whether the person was reached.").RequireAuthorization(Policies.Staff);
        api.MapPost("/{id:guid}/support", OfferSupportAsync).WithName("RecordSupportOffered")
            .WithSummary("Records support offered and with whom.").RequireAuthorization(Policies.Staff);
        api.MapPost("/{id:guid}/referral", ReferAsync).WithName("ReferConcern")
            .WithSummary("Records a referral (police, regional coordinator, healthcare, other).").RequireAuthorization(Policies.Staff);
        api.MapPost("/{id:guid}/notes", AddNoteAsync).WithName("AddConcernNote")
            .WithSummary("Adds a handling note, seen by the assigned worker and coordinators only.").RequireAuthorization(Policies.Staff);
        api.MapPost("/{id:guid}/close", CloseAsync).WithName("CloseConcern")
            .WithSummary("Closes a concern with its outcome.").RequireAuthorization(Policies.Staff);
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

    public static async Task<Ok<ConcernSummary>> AssignAsync(Guid id, AssignRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Concern(grains, user, id, out var caller).Assign(
            caller, string.IsNullOrWhiteSpace(request?.WorkerId) ? null : request.WorkerId.Trim(), request?.Revision));

    public static async Task<Ok<ConcernSummary>> AcceptAsync(Guid id, RevisionRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Concern(grains, user, id, out var caller).Accept(caller, request?.Revision));

    public static async Task<Ok<ConcernSummary>> DeclineAsync(Guid id, DeclineRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Concern(grains, user, id, out var caller).Decline(caller, request.Reason ?? "", request.Revision));

    public static async Task<Results<Ok<ConcernSummary>, ValidationProblem>> RecordContactAsync(
        Guid id, ContactRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (request.Reached is not { } reached)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reached"] = ["Required."] });
        }

        return TypedResults.Ok(await Concern(grains, user, id, out var caller).RecordContact(caller, reached, request.Note));
    }

    public static async Task<Results<Ok<ConcernSummary>, ValidationProblem>> OfferSupportAsync(
        Guid id, SupportRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        if (!errors.TryEnum<SupportProvider>("provider", request.Provider, out var provider))
        {
            return TypedResults.ValidationProblem(errors.All);
        }

        return TypedResults.Ok(await Concern(grains, user, id, out var caller).OfferSupport(caller, provider.Value, request.Note));
    }

    public static async Task<Results<Ok<ConcernSummary>, ValidationProblem>> ReferAsync(
        Guid id, ReferralRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        if (!errors.TryEnum<ReferralTarget>("target", request.Target, out var target))
        {
            return TypedResults.ValidationProblem(errors.All);
        }

        return TypedResults.Ok(await Concern(grains, user, id, out var caller).Refer(caller, target.Value, request.Note));
    }

    public static async Task<Ok<ConcernSummary>> AddNoteAsync(Guid id, NoteRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Concern(grains, user, id, out var caller).AddNote(caller, request.Text ?? ""));

    public static async Task<Results<Ok<ConcernSummary>, ValidationProblem>> CloseAsync(
        Guid id, ClosureRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        if (!errors.TryEnum<ClosureOutcome>("outcome", request.Outcome, out var outcome))
        {
            return TypedResults.ValidationProblem(errors.All);
        }

        return TypedResults.Ok(await Concern(grains, user, id, out var caller).Close(caller, outcome.Value, request.Note, request.Revision));
    }

    private static IConcernGrain Concern(IGrainFactory grains, ClaimsPrincipal user, Guid id, out Grains.Security.Caller caller)
    {
        caller = user.ToCaller();
        return grains.GetGrain<IConcernGrain>(GrainKeys.For(caller.Tenant, id));
    }
}
