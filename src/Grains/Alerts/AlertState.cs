using Coordination.Grains.Alerts.Events;

namespace Coordination.Grains.Alerts;

/// <summary>An alert folded from its events; stored as the stream's snapshot with the events that produced it.</summary>
public sealed class AlertState
{
    public Guid Id { get; set; }
    public string Reference { get; set; } = "";
    public long Version { get; set; }
    public string Title { get; set; } = "";
    public string Message { get; set; } = "";
    public AlertSeverity Severity { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public string SentBy { get; set; } = "";
    public DateTimeOffset? ExpiresAt { get; set; }
    public AlertStatus Status { get; set; }
    public string? EndReason { get; set; }
    public bool IsSystem { get; set; }
    public DateTimeOffset? RemindedAt { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
    public List<OrganisationAcknowledgement> Organisations { get; set; } = [];

    public bool Exists => Version > 0;

    /// <summary>A copy a commit may change and throw away; each organisation's acknowledgement is copied too.</summary>
    public AlertState Clone()
    {
        var copy = (AlertState)MemberwiseClone();
        copy.Organisations = [.. Organisations.Select(o => o.Clone())];
        return copy;
    }

    public OrganisationAcknowledgement? For(string organisationId) => Organisations.Find(o => o.OrganisationId == organisationId);

    public void Apply(AlertEvent change, string actor, DateTimeOffset at)
    {
        switch (change)
        {
            case AlertSent sent:
                Title = sent.Title;
                Message = sent.Message;
                Severity = sent.Severity;
                ExpiresAt = sent.ExpiresAt;
                SentAt = at;
                SentBy = actor;
                Status = AlertStatus.Open;
                IsSystem = sent.IsSystem;
                Organisations = [.. sent.Addressees.Select(a => new OrganisationAcknowledgement { OrganisationId = a.Id, Name = a.Name, Kind = a.Kind })];
                break;
            case AlertDelivered delivered:
                For(delivered.OrganisationId)!.DeliveredAt ??= at;
                break;
            case AlertSeen seen:
                var organisation = For(seen.OrganisationId)!;
                organisation.DeliveredAt ??= at;
                organisation.SeenAt ??= at;
                break;
            case AlertAcknowledged acknowledged:
                var acknowledging = For(acknowledged.OrganisationId)!;
                acknowledging.DeliveredAt ??= at;
                acknowledging.SeenAt ??= at;
                acknowledging.AcknowledgedAt = at;
                acknowledging.AcknowledgedBy = actor;
                acknowledging.AcknowledgedByName = acknowledged.ByName;
                acknowledging.Comment = acknowledged.Comment;
                break;
            case AlertReminded:
                RemindedAt = at;
                break;
            case AlertEscalated:
                EscalatedAt = at;
                break;
            case AlertEnded ended:
                Status = ended.Status;
                EndReason = ended.Reason;
                break;
        }

        Version++;
    }

    public bool AllAcknowledged => Organisations.All(o => o.AcknowledgedAt is not null);

    public IReadOnlyList<string> Unacknowledged => [.. Organisations.Where(o => o.AcknowledgedAt is null).Select(o => o.OrganisationId)];

    public AlertView ToView() => new(
        Id, Reference, Title, Message, Severity, Status, SentAt, ExpiresAt, EndReason,
        [.. Organisations.Select(o => o.ToView())])
    {
        IsSystem = IsSystem,
        RemindedAt = RemindedAt,
        EscalatedAt = EscalatedAt,
    };

    public OrganisationAlertView ToOrganisationView(string organisationId) => ToView().ForOrganisation(organisationId);
}

public sealed class OrganisationAcknowledgement
{
    public string OrganisationId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? SeenAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public string? AcknowledgedByName { get; set; }
    public string? Comment { get; set; }

    public OrganisationAcknowledgement Clone() => (OrganisationAcknowledgement)MemberwiseClone();

    public OrganisationProgress ToView() =>
        new(OrganisationId, Name, Kind, DeliveredAt, SeenAt, AcknowledgedAt, AcknowledgedByName, Comment);
}
