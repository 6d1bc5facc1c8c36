using Coordination.Grains.Security;

namespace Coordination.Grains.OnCall;

/// <summary>A tenant's on-call roster (key: tenant), availability and the choice of worker for automatic assignment.</summary>
[Alias("Coordination.IOnCallGrain")]
public interface IOnCallGrain : IGrainWithStringKey
{
    /// <summary>Roster and workers, for coordinators and workers.</summary>
    [Alias("GetView")]
    Task<OnCallView> GetView(Caller caller);

    /// <summary>Replaces the roster (coordinators); refused if it changed after <paramref name="expectedRevision"/>.</summary>
    [Alias("SaveRoster")]
    Task<OnCallView> SaveRoster(Caller caller, Roster roster, long expectedRevision);

    /// <summary>A worker sets their own availability; a coordinator may set anyone's.</summary>
    [Alias("SetAvailability")]
    Task<OnCallView> SetAvailability(Caller caller, string workerId, WorkerAvailability availability);

    /// <summary>Picks the worker for automatic assignment by the assignment order, skipping <paramref name="excluded"/>.</summary>
    [Alias("PickWorker")]
    Task<WorkerPick> PickWorker(Caller caller, IReadOnlyList<string> excluded);

    /// <summary>Notes that a worker was given a concern (automatically or by hand).</summary>
    [Alias("NoteAssigned")]
    Task NoteAssigned(Caller caller, string workerId);

    /// <summary>A worker's own open assignments and availability.</summary>
    [Alias("GetAssignments")]
    Task<WorkerAssignments> GetAssignments(Caller caller);

    /// <summary>Whether <paramref name="workerId"/> is one of the tenant's workers.</summary>
    [Alias("IsWorker")]
    Task<bool> IsWorker(Caller caller, string workerId);
}
