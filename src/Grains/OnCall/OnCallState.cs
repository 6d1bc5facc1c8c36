using Coordination.Grains.OnCall.Events;

namespace Coordination.Grains.OnCall;

/// <summary>A tenant's roster, each worker's availability and last assignment; the "oncall" stream's snapshot.</summary>
public sealed class OnCallState
{
    public long Version { get; set; }

    /// <summary>Counts roster and availability changes: what the roster page sends back when it saves.</summary>
    public long Revision { get; set; }
    public Roster Roster { get; set; } = Roster.Empty;
    public Dictionary<string, WorkerAvailability> Availability { get; set; } = [];
    public Dictionary<string, DateTimeOffset> LastAssignedAt { get; set; } = [];

    /// <summary>A copy a commit may change and throw away: the roster is immutable, the dictionaries are new.</summary>
    public OnCallState Clone()
    {
        var copy = (OnCallState)MemberwiseClone();
        copy.Availability = new(Availability);
        copy.LastAssignedAt = new(LastAssignedAt);
        return copy;
    }

    public void Apply(OnCallEvent change, DateTimeOffset at)
    {
        switch (change)
        {
            case RosterChanged roster:
                Roster = roster.Roster;
                Revision++;
                break;
            case AvailabilityChanged availability:
                Availability[availability.WorkerId] = availability.Availability;
                Revision++;
                break;
            case WorkerAssigned assigned:
                LastAssignedAt[assigned.WorkerId] = at;
                break;
        }

        Version++;
    }

    public OnCallView ToView(IReadOnlyList<Worker> workers) => new(Revision, Roster, [.. workers.Select(w => new WorkerStatus(
        w.Id, w.DisplayName, AvailabilityOf(w.Id), LastAssignedAt.TryGetValue(w.Id, out var last) ? last : null))]);

    /// <summary>Workers are available unless they said otherwise.</summary>
    public WorkerAvailability AvailabilityOf(string workerId) =>
        Availability.GetValueOrDefault(workerId, WorkerAvailability.Available);
}
