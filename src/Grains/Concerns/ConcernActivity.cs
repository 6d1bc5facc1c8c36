namespace Coordination.Grains.Concerns;

/// <summary>A coordinators' delta: the concern as it now is, and a short detail of what happened.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.ConcernActivity")]
public sealed record ConcernActivity(
    [property: Id(0)] ConcernSummary Concern,
    [property: Id(1)] string? Detail);
