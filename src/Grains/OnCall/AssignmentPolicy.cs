namespace Coordination.Grains.OnCall;

/// <summary>Who gets the next assignment: the least loaded available worker on shift, the longest idle first.</summary>
public static class AssignmentPolicy
{
    public static string? Pick(IEnumerable<WorkerCandidate> candidates, IReadOnlySet<string> excluded) =>
        candidates
            .Where(c => c.OnShift && c.Availability == WorkerAvailability.Available && !excluded.Contains(c.WorkerId))
            .OrderBy(c => c.OpenAssignments)
            .ThenBy(c => c.LastAssignedAt ?? DateTimeOffset.MinValue)
            .ThenBy(c => c.WorkerId, StringComparer.Ordinal)
            .FirstOrDefault()?.WorkerId;
}
