using System.Collections.Concurrent;

namespace Coordination.Bench;

// The floor's alerts: the host's endpoints (send by organisation ids, acknowledge, close), answers and delta
// shapes (src/Grains/Alerts/AlertViews.cs), to the same audiences: the coordinators get the alert with every
// organisation's progress, each addressed organisation its own view; an acknowledgement goes to the
// coordinators and to the acknowledging organisation. Kinds and areas are not resolved (the harness does
// not use them); no reminders, no e-mail, no storage.

public sealed record FloorOrganisationProgress(
    string OrganisationId, string Name, string Kind, DateTimeOffset? DeliveredAt, DateTimeOffset? SeenAt,
    DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, string? Comment);

public sealed record FloorAlertView(
    Guid Id, string Reference, string Title, string Message, string Severity, string Status, DateTimeOffset SentAt,
    DateTimeOffset? ExpiresAt, string? EndReason, IReadOnlyList<FloorOrganisationProgress> Organisations,
    int Acknowledged, bool IsSystem, DateTimeOffset? RemindedAt, DateTimeOffset? EscalatedAt);

public sealed record FloorOrganisationAlertView(
    Guid Id, string Reference, string Title, string Message, string Severity, string Status, DateTimeOffset SentAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, string? Comment,
    bool NeedsAcknowledgement, DateTimeOffset? RemindedAt);

public sealed record FloorAcknowledgementResult(bool AlreadyAcknowledged, FloorOrganisationAlertView Alert);

public static class FloorAlertsEndpoints
{
    public static void MapFloorAlerts(this WebApplication app)
    {
        app.MapPost("/api/alerts", (AlertRequest request, HttpContext context, FloorAlerts alerts) =>
            FloorAuth.Caller(context) is { IsCoordinator: true } ? alerts.Send(request) : Results.StatusCode(StatusCodes.Status403Forbidden));
        app.MapPost("/api/alerts/{id:guid}/acknowledge", (Guid id, AcknowledgeRequest? request, HttpContext context, FloorAlerts alerts) =>
            FloorAuth.Caller(context) is { } caller ? alerts.Acknowledge(id, caller, request?.Comment) : Results.Unauthorized());
        app.MapPost("/api/alerts/{id:guid}/close", (Guid id, ReasonRequest? request, HttpContext context, FloorAlerts alerts) =>
            FloorAuth.Caller(context) is { IsCoordinator: true } ? alerts.Close(id, request?.Reason) : Results.StatusCode(StatusCodes.Status403Forbidden));
    }
}

/// <summary>The open alerts, in memory only; calls on one alert run one at a time, like a grain's.</summary>
public sealed class FloorAlerts(FloorFeed feed)
{
    /// <summary>The demo tenant's organisations (src/Silo/Demo/DemoData.cs): id, name, kind.</summary>
    private static readonly Dictionary<string, (string Name, string Kind)> Organisations = new()
    {
        ["socialtjansten"] = ("Socialtjänsten Demostad", "SocialServices"),
        ["ljuspunkten"] = ("Föreningen Ljuspunkten (påhittad)", "Ngo"),
        ["polisen"] = ("Polisens kontaktgrupp Demo", "Police"),
        ["hotell-exempelgarden"] = ("Hotell Exempelgården", "Hotel"),
        ["hotell-sundsutsikten"] = ("Sundsutsikten Demohotell", "Hotel"),
        ["fastighet-pahittet"] = ("Fastighets AB Påhittet", "PropertyOwner"),
        ["taxi-fiktiva"] = ("Taxi Fiktiva Resor", "TaxiCompany"),
        ["fritidsforvaltningen"] = ("Fritidsförvaltningen Demo", "CityDepartment"),
        ["bostadsbolaget"] = ("Bostadsbolaget Exempelhem", "CityOwnedCompany"),
        ["vardcentralen"] = ("Vårdcentralen Demokliniken", "Healthcare"),
        ["tillsynsmyndigheten"] = ("Tillsynsmyndigheten Exempel", "OtherAuthority"),
    };

    private readonly ConcurrentDictionary<Guid, FloorAlertView> _alerts = new();

    // Stripes of locks: one alert's calls in order, different alerts mostly in parallel.
    private readonly Lock[] _gates = [.. Enumerable.Range(0, 64).Select(_ => new Lock())];

    public IResult Send(AlertRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Title) || string.IsNullOrWhiteSpace(request.Message) || request.OrganisationIds is not { Count: > 0 } ||
            request.OrganisationIds.Any(id => !Organisations.ContainsKey(id)))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["organisationIds"] = ["Choose known organisations."] });
        }

        var id = Guid.NewGuid();
        var alert = new FloorAlertView(
            id, $"LARM-{id.ToString("N")[..6].ToUpperInvariant()}", request.Title.Trim(), request.Message.Trim(), request.Severity, "Open",
            DateTimeOffset.UtcNow, request.ExpiresAt, null,
            [.. request.OrganisationIds.Distinct().OrderBy(o => Organisations[o].Name, StringComparer.Ordinal).Select(o => new FloorOrganisationProgress(
                o, Organisations[o].Name, Organisations[o].Kind, null, null, null, null, null))],
            0, false, null, null);
        lock (Gate(id))
        {
            _alerts[id] = alert;
            Publish("alert.sent", alert, alert.Organisations.Select(o => o.OrganisationId));
        }

        return Results.Created($"/api/alerts/{id}/progress", alert);
    }

    public IResult Acknowledge(Guid id, Accounts.Account caller, string? comment)
    {
        lock (Gate(id))
        {
            if (!_alerts.TryGetValue(id, out var alert))
            {
                return Results.NotFound();
            }

            var own = alert.Organisations.FirstOrDefault(o => o.OrganisationId == caller.Organisation);
            if (own is null)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            if (own.AcknowledgedAt is not null)
            {
                return Results.Ok(new FloorAcknowledgementResult(true, ForOrganisation(alert, caller.Organisation)));
            }

            if (alert.Status != "Open")
            {
                return Results.Conflict();
            }

            var now = DateTimeOffset.UtcNow;
            var organisations = alert.Organisations
                .Select(o => o == own ? o with { DeliveredAt = o.DeliveredAt ?? now, SeenAt = o.SeenAt ?? now, AcknowledgedAt = now, AcknowledgedBy = caller.Email, Comment = comment } : o)
                .ToList();
            var after = alert with { Organisations = organisations, Acknowledged = organisations.Count(o => o.AcknowledgedAt is not null) };
            _alerts[id] = after;
            Publish("alert.acknowledged", after, [caller.Organisation]);
            return Results.Ok(new FloorAcknowledgementResult(false, ForOrganisation(after, caller.Organisation)));
        }
    }

    public IResult Close(Guid id, string? reason)
    {
        lock (Gate(id))
        {
            if (!_alerts.TryRemove(id, out var alert))
            {
                return Results.NotFound();
            }

            var after = alert with { Status = "Closed", EndReason = reason };
            Publish("alert.ended", after, after.Organisations.Select(o => o.OrganisationId));
            return Results.Ok(after);
        }
    }

    private static FloorOrganisationAlertView ForOrganisation(FloorAlertView alert, string organisation)
    {
        var own = alert.Organisations.First(o => o.OrganisationId == organisation);
        return new(alert.Id, alert.Reference, alert.Title, alert.Message, alert.Severity, alert.Status, alert.SentAt, alert.ExpiresAt,
            own.AcknowledgedAt, own.AcknowledgedBy, own.Comment, alert.Status == "Open" && own.AcknowledgedAt is null, alert.RemindedAt);
    }

    /// <summary>The coordinators' delta and each organisation's, in one call: they take their sequences together.</summary>
    private void Publish(string type, FloorAlertView alert, IEnumerable<string> toOrganisations)
    {
        var deltas = new List<(string, string, object)> { (Accounts.CoordinatorsAudience, type, alert) };
        deltas.AddRange(toOrganisations.Select(o => (Accounts.OrganisationAudience(o), type, (object)ForOrganisation(alert, o))));
        feed.Publish([.. deltas]);
    }

    private Lock Gate(Guid id) => _gates[(id.GetHashCode() & int.MaxValue) % _gates.Length];
}
