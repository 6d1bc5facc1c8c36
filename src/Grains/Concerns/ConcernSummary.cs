namespace Coordination.Grains.Concerns;

/// <summary>
/// What the board shows of a concern: no free text, no indicators; of people only the worker it is assigned
/// to, whom coordinators must always see. Also the read model row (JSON), so added members need defaults.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.ConcernSummary")]
public sealed record ConcernSummary(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Reference,
    [property: Id(2)] ConcernStatus Status,
    [property: Id(3)] Urgency Urgency,
    [property: Id(4)] PlaceKind PlaceKind,
    [property: Id(5)] string Area,
    [property: Id(6)] string ReportedByOrganisation,
    [property: Id(7)] DateTimeOffset ObservedAt,
    [property: Id(8)] DateTimeOffset ReportedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] int IndicatorCount)
{
    public bool IsOpen => Status != ConcernStatus.Closed;

    /// <summary>Changes seen: send it back with a change to be told if someone else changed the concern meanwhile.</summary>
    [Id(11)] public long Revision { get; init; }

    [Id(12)] public string? AssignedTo { get; init; }

    [Id(13)] public DateTimeOffset? AcceptBy { get; init; }

    /// <summary>The running deadline: the stage the concern must reach next and by when.</summary>
    [Id(14)] public ConcernStage? DueStage { get; init; }

    [Id(15)] public DateTimeOffset? DueAt { get; init; }

    [Id(16)] public BreachedStages Breached { get; init; }

    [Id(17)] public AssignmentFailure? LastAssignmentFailure { get; init; }

    [Id(18)] public DateTimeOffset? TriagedAt { get; init; }

    [Id(19)] public DateTimeOffset? FirstAssignedAt { get; init; }

    [Id(20)] public DateTimeOffset? FirstAcceptedAt { get; init; }

    [Id(21)] public DateTimeOffset? FirstContactAt { get; init; }

    [Id(22)] public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Assigned to a worker who has not accepted yet, or accepted and handling it.</summary>
    public bool IsWithWorker => AssignedTo is not null && Status is ConcernStatus.Assigned or ConcernStatus.Accepted
        or ConcernStatus.InProgress or ConcernStatus.Referred;
}

/// <summary>What the reporting organisation sees of its own report: status only.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.ReportStatus")]
public sealed record ReportStatus(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Reference,
    [property: Id(2)] PlaceKind PlaceKind,
    [property: Id(3)] string Area,
    [property: Id(4)] DateTimeOffset ReportedAt,
    [property: Id(5)] PublicStatus Status,
    [property: Id(6)] DateTimeOffset UpdatedAt)
{
    public static ReportStatus From(ConcernSummary summary) => new(
        summary.Id, summary.Reference, summary.PlaceKind, summary.Area, summary.ReportedAt,
        ConcernRules.PublicStatusOf(summary.Status), summary.UpdatedAt);
}
