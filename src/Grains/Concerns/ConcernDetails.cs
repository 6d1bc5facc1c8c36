namespace Coordination.Grains.Concerns;

/// <summary>A concern's full record for those allowed to handle it (coordinators and the assigned worker).</summary>
[GenerateSerializer, Immutable, Alias("Coordination.ConcernDetails")]
public sealed record ConcernDetails(
    [property: Id(0)] ConcernSummary Summary,
    [property: Id(1)] IReadOnlyList<string> Indicators,
    [property: Id(2)] string? FreeText,
    [property: Id(3)] ClosureOutcome? Outcome,
    [property: Id(4)] Guid? MergedInto,
    [property: Id(5)] IReadOnlyList<Guid> Duplicates,
    [property: Id(6)] IReadOnlyList<TimelineEntry> Timeline);

/// <summary>One step in a concern's history, read from the event table.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.TimelineEntry")]
public sealed record TimelineEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] string ActorId,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? Detail,
    [property: Id(5)] string? Note = null);
