namespace Coordination.Grains.OnCall;

[GenerateSerializer, Immutable, Alias("Coordination.WorkerCandidate")]
public sealed record WorkerCandidate(
    [property: Id(0)] string WorkerId,
    [property: Id(1)] bool OnShift,
    [property: Id(2)] WorkerAvailability Availability,
    [property: Id(3)] int OpenAssignments,
    [property: Id(4)] DateTimeOffset? LastAssignedAt);
