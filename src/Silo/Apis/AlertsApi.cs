using System.Security.Claims;
using Coordination.Grains;
using Coordination.Grains.Alerts;
using Coordination.Grains.Board;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;
using Coordination.Silo.Identity;
using Coordination.Silo.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Silo.Apis;

public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(Policies.Member);

        api.MapPost("/", SendAsync).WithName("SendAlert")
            .WithSummary("Sends an alert to partner organisations chosen by kind, area or one by one.")
            .RequireAuthorization(Policies.Coordinator);
        api.MapPost("/preview", PreviewAsync).WithName("PreviewAlertAddressees")
            .WithSummary("How many organisations and people an alert with these addressees would reach.")
            .RequireAuthorization(Policies.Coordinator);
        api.MapGet("/", ListOpenAsync).WithName("ListOpenAlerts")
            .WithSummary("Open alerts: coordinators get every one with each organisation's progress, members those addressed to their organisation.");
        api.MapGet("/figures", GetFiguresAsync).WithName("GetAlertFigures")
            .WithSummary("Open alerts, organisations yet to acknowledge, and the mean time to acknowledge per partner and per kind over the last 30 days.")
            .RequireAuthorization(Policies.Coordinator);
        api.MapGet("/{id:guid}/progress", GetProgressAsync).WithName("GetAlertProgress")
            .WithSummary("Each addressed organisation's delivered, seen and acknowledged state.")
            .RequireAuthorization(Policies.Coordinator);
        api.MapGet("/{id:guid}", GetForOrganisationAsync).WithName("GetAlert")
            .WithSummary("The alert as the caller's organisation sees it.");
        api.MapPost("/{id:guid}/delivered", MarkDeliveredAsync).WithName("MarkAlertDelivered")
            .WithSummary("A member's client received the alert.");
        api.MapPost("/{id:guid}/seen", MarkSeenAsync).WithName("MarkAlertSeen")
            .WithSummary("A member opened the alert.");
        api.MapPost("/{id:guid}/acknowledge", AcknowledgeAsync).WithName("AcknowledgeAlert")
            .WithSummary("Acknowledges the alert for the caller's organisation; repeating it is harmless.");
        api.MapPost("/{id:guid}/withdraw", WithdrawAsync).WithName("WithdrawAlert")
            .WithSummary("Withdraws an alert sent in error.").RequireAuthorization(Policies.Coordinator);
        api.MapPost("/{id:guid}/close", CloseAsync).WithName("CloseAlert")
            .WithSummary("Closes an alert that is no longer relevant.").RequireAuthorization(Policies.Coordinator);
        return api;
    }

    public sealed record AlertRequest(
        string? Title, string? Message, string? Severity, IReadOnlyList<string>? Kinds, IReadOnlyList<string>? Areas,
        IReadOnlyList<string>? OrganisationIds, DateTimeOffset? ExpiresAt);

    public sealed record AlertReach(int Organisations, int People, IReadOnlyList<string> OrganisationNames);

    public sealed record CommentRequest(string? Comment);

    public sealed record ReasonRequest(string? Reason);

    public static async Task<Results<Created<AlertView>, ValidationProblem>> SendAsync(AlertRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        var draft = ToDraft(request, errors);
        if (draft is null)
        {
            return TypedResults.ValidationProblem(errors.All);
        }

        var caller = user.ToCaller();
        var id = Guid.NewGuid();
        var view = await grains.GetGrain<IAlertGrain>(GrainKeys.For(caller.Tenant, id)).Send(caller, draft);
        return TypedResults.Created($"/api/alerts/{id}/progress", view);
    }

    public static async Task<Results<Ok<AlertReach>, ValidationProblem>> PreviewAsync(
        AlertRequest request, ClaimsPrincipal user, IOrganisationDirectory directory, CoordinationDbContext db)
    {
        var errors = new FieldErrors();
        var draft = ToDraft(request with { Title = request.Title ?? "-", Message = request.Message ?? "-" }, errors);
        if (draft is null)
        {
            return TypedResults.ValidationProblem(errors.All);
        }

        var caller = user.ToCaller();
        var addressees = AlertRules.Addressees(draft, await directory.ListAsync(caller.Tenant));
        var ids = addressees.Select(o => o.Id).ToList();
        var people = await db.Users.CountAsync(u => u.Tenant == caller.Tenant && ids.Contains(u.OrganisationId));
        return TypedResults.Ok(new AlertReach(addressees.Count, people, [.. addressees.Select(o => o.Name)]));
    }

    public static async Task<Ok<IReadOnlyList<AlertView>>> ListOpenAsync(ClaimsPrincipal user, IEventStore store)
    {
        var caller = user.ToCaller();
        if (caller.IsCoordinator)
        {
            return TypedResults.Ok(await store.ListOpenAlertsAsync(caller.Tenant, null));
        }

        // Members get the alerts addressed to them, with their own organisation's progress only.
        var alerts = await store.ListOpenAlertsAsync(caller.Tenant, caller.OrganisationId);
        return TypedResults.Ok<IReadOnlyList<AlertView>>([.. alerts.Select(a => a with
        {
            Organisations = [.. a.Organisations.Where(o => o.OrganisationId == caller.OrganisationId)],
        })]);
    }

    public static async Task<Ok<AlertFigures>> GetFiguresAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = user.ToCaller();
        return TypedResults.Ok(await grains.GetGrain<IBoardGrain>(caller.Tenant).GetAlertFigures(caller));
    }

    public static async Task<Ok<AlertView>> GetProgressAsync(Guid id, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Alert(grains, user, id, out var caller).GetProgress(caller));

    public static async Task<Ok<OrganisationAlertView>> GetForOrganisationAsync(Guid id, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Alert(grains, user, id, out var caller).GetForOrganisation(caller));

    public static async Task<NoContent> MarkDeliveredAsync(Guid id, ClaimsPrincipal user, IGrainFactory grains)
    {
        await Alert(grains, user, id, out var caller).MarkDelivered(caller);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> MarkSeenAsync(Guid id, ClaimsPrincipal user, IGrainFactory grains)
    {
        await Alert(grains, user, id, out var caller).MarkSeen(caller);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<AcknowledgementResult>> AcknowledgeAsync(Guid id, CommentRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Alert(grains, user, id, out var caller).Acknowledge(caller, user.DisplayNameOf(), request?.Comment));

    public static async Task<Ok<AlertView>> WithdrawAsync(Guid id, ReasonRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Alert(grains, user, id, out var caller).End(caller, AlertStatus.Withdrawn, request?.Reason));

    public static async Task<Ok<AlertView>> CloseAsync(Guid id, ReasonRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await Alert(grains, user, id, out var caller).End(caller, AlertStatus.Closed, request?.Reason));

    private static AlertDraft? ToDraft(AlertRequest request, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            errors.Add("title", "Required.");
        }

        if (string.IsNullOrWhiteSpace(request.Message))
        {
            errors.Add("message", "Required.");
        }

        errors.TryEnum<AlertSeverity>("severity", request.Severity, out var severity);
        var kinds = new List<PartnerKind>();
        foreach (var kind in request.Kinds ?? [])
        {
            if (errors.TryEnum<PartnerKind>("kinds", kind, out var parsed))
            {
                kinds.Add(parsed.Value);
            }
        }

        return errors.Any
            ? null
            : new AlertDraft(request.Title!, request.Message!, severity!.Value, kinds, request.Areas ?? [], request.OrganisationIds ?? [], request.ExpiresAt);
    }

    private static IAlertGrain Alert(IGrainFactory grains, ClaimsPrincipal user, Guid id, out Caller caller)
    {
        caller = user.ToCaller();
        return grains.GetGrain<IAlertGrain>(GrainKeys.For(caller.Tenant, id));
    }
}
