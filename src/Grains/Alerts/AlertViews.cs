namespace Coordination.Grains.Alerts;

/// <summary>An alert with every addressed organisation's progress: what coordinators see.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.AlertView")]
public sealed record AlertView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Reference,
    [property: Id(2)] string Title,
    [property: Id(3)] string Message,
    [property: Id(4)] AlertSeverity Severity,
    [property: Id(5)] AlertStatus Status,
    [property: Id(6)] DateTimeOffset SentAt,
    [property: Id(7)] DateTimeOffset? ExpiresAt,
    [property: Id(8)] string? EndReason,
    [property: Id(9)] IReadOnlyList<OrganisationProgress> Organisations)
{
    public int Acknowledged => Organisations.Count(o => o.AcknowledgedAt is not null);

    /// <summary>What one addressed organisation's members see: the alert and their own acknowledgement only.</summary>
    public OrganisationAlertView ForOrganisation(string organisationId)
    {
        var own = Organisations.First(o => o.OrganisationId == organisationId);
        return new OrganisationAlertView(Id, Reference, Title, Message, Severity, Status, SentAt, ExpiresAt,
            own.AcknowledgedAt, own.AcknowledgedBy, own.Comment) { RemindedAt = RemindedAt };
    }

    [Id(10)]
    public bool IsSystem { get; init; }

    [Id(11)]
    public DateTimeOffset? RemindedAt { get; init; }

    /// <summary>Set when the escalation interval passed with organisations still unacknowledged: shown red on the board.</summary>
    [Id(12)]
    public DateTimeOffset? EscalatedAt { get; init; }
}

[GenerateSerializer, Immutable, Alias("Coordination.OrganisationProgress")]
public sealed record OrganisationProgress(
    [property: Id(0)] string OrganisationId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Kind,
    [property: Id(3)] DateTimeOffset? DeliveredAt,
    [property: Id(4)] DateTimeOffset? SeenAt,
    [property: Id(5)] DateTimeOffset? AcknowledgedAt,
    [property: Id(6)] string? AcknowledgedBy,
    [property: Id(7)] string? Comment);

/// <summary>What an addressed organisation's members see: the alert and their own acknowledgement only.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.OrganisationAlertView")]
public sealed record OrganisationAlertView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Reference,
    [property: Id(2)] string Title,
    [property: Id(3)] string Message,
    [property: Id(4)] AlertSeverity Severity,
    [property: Id(5)] AlertStatus Status,
    [property: Id(6)] DateTimeOffset SentAt,
    [property: Id(7)] DateTimeOffset? ExpiresAt,
    [property: Id(8)] DateTimeOffset? AcknowledgedAt,
    [property: Id(9)] string? AcknowledgedBy,
    [property: Id(10)] string? Comment)
{
    public bool NeedsAcknowledgement => Status == AlertStatus.Open && AcknowledgedAt is null;

    [Id(11)]
    public DateTimeOffset? RemindedAt { get; init; }
}

/// <summary>The answer to an acknowledgement: the first one is recorded, every later one is told who was first.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.AcknowledgementResult")]
public sealed record AcknowledgementResult(
    [property: Id(0)] bool AlreadyAcknowledged,
    [property: Id(1)] OrganisationAlertView Alert);
