namespace Coordination.Grains.Concerns;

/// <summary>What the board shows of a concern: no free text, no indicators, no people.</summary>
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
