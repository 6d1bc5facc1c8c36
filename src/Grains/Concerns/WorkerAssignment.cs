namespace Coordination.Grains.Concerns;

/// <summary>
/// A worker's delta about a concern assigned to them: the concern as it now is, or, when
/// <see cref="Revoked"/>, that it is no longer theirs (declined, timed out or reassigned) and must leave their screens.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.WorkerAssignment")]
public sealed record WorkerAssignment(
    [property: Id(0)] ConcernSummary Concern,
    [property: Id(1)] bool Revoked);
