namespace Coordination.Grains.Scheduling;

/// <summary>
/// A durable "call me at" for a stream's grain (alert reminders and escalation). Deadlines are written in the
/// same transaction as the events that set them, and every host scans for due ones, at start-up too, so a
/// deadline fires after a restart even if nothing else wakes the grain.
/// </summary>
public sealed record Deadline(string Kind, DateTimeOffset DueAt);

public sealed record DueDeadline(string Tenant, string Stream, string Kind, DateTimeOffset DueAt);

/// <summary>A grain that owns deadlines; firing twice (two hosts scanning at once) must be harmless.</summary>
[Alias("Coordination.IDeadlineTarget")]
public interface IDeadlineTarget : IGrainWithStringKey
{
    [Alias("OnDeadline")]
    Task OnDeadline(string kind, DateTimeOffset dueAt);
}
