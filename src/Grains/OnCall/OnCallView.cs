namespace Coordination.Grains.OnCall;

/// <summary>
/// The on-call picture: the roster and every worker's availability. Who is on shift at an instant follows from
/// the roster (<see cref="RosterPolicy.OnShiftAt"/>); load follows from the open concerns assigned to each worker.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.OnCallView")]
public sealed record OnCallView(
    [property: Id(0)] long Revision,
    [property: Id(1)] Roster Roster,
    [property: Id(2)] IReadOnlyList<WorkerStatus> Workers);

[GenerateSerializer, Immutable, Alias("Coordination.WorkerStatus")]
public sealed record WorkerStatus(
    [property: Id(0)] string WorkerId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] WorkerAvailability Availability,
    [property: Id(3)] DateTimeOffset? LastAssignedAt);

/// <summary>The outcome of automatic assignment: the worker picked, or why nobody was.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.WorkerPick")]
public sealed record WorkerPick(
    [property: Id(0)] string? WorkerId,
    [property: Id(1)] int AvailableOnShift);

/// <summary>A worker's own list: the open concerns assigned to them, at <see cref="Sequence"/> of their feed.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.WorkerAssignments")]
public sealed record WorkerAssignments(
    [property: Id(0)] long Sequence,
    [property: Id(1)] IReadOnlyList<Concerns.ConcernSummary> Concerns,
    [property: Id(2)] WorkerAvailability Availability);
