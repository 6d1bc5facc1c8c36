using Coordination.Grains;
using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;
using Coordination.Grains.Scheduling;
using Coordination.Grains.Storage;

namespace Coordination.Silo.Scheduling;

/// <summary>
/// Fires durable deadlines: scans for due ones at start-up (so a restart between sending and the reminder time
/// still reminds on time) and then whenever the next one falls due, at most a poll interval apart. Every host
/// scans; a deadline fired twice is harmless because the grains check their state.
/// </summary>
public sealed class DeadlineScanner(
    IEventStore store,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<DeadlineScanner> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private const int Batch = 100;

    /// <summary>Raised after each scan with the time it scanned as of and the number of deadlines it fired (tests await it).</summary>
    public event Action<DateTimeOffset, int>? Scanned;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var fired = 0;
            var asOf = time.GetUtcNow();
            try
            {
                fired = await FireDueAsync(asOf, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Scanning for due deadlines failed; trying again");
            }

            Scanned?.Invoke(asOf, fired);
            await Task.Delay(await NextWaitAsync(stoppingToken), time, stoppingToken);
        }
    }

    private async Task<int> FireDueAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var due = await store.ReadDueDeadlinesAsync(asOf, Batch, cancellationToken);
        foreach (var deadline in due)
        {
            try
            {
                await Target(deadline).OnDeadline(deadline.Kind, deadline.DueAt);
                await store.CompleteDeadlineAsync(deadline, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Left in the table: the next scan tries again.
                logger.LogWarning(exception, "A {Kind} deadline could not be fired", deadline.Kind);
            }
        }

        return due.Count;
    }

    private IDeadlineTarget Target(DueDeadline deadline)
    {
        var slash = deadline.Stream.IndexOf('/', StringComparison.Ordinal);
        var (kind, id) = (deadline.Stream[..slash], deadline.Stream[(slash + 1)..]);
        return kind switch
        {
            "alert" => grains.GetGrain<IAlertGrain>(GrainKeys.For(deadline.Tenant, id)),
            "concern" => grains.GetGrain<IConcernGrain>(GrainKeys.For(deadline.Tenant, id)),
            _ => throw new InvalidOperationException($"No grain owns deadlines of '{kind}' streams."),
        };
    }

    private async Task<TimeSpan> NextWaitAsync(CancellationToken cancellationToken)
    {
        var next = await store.ReadNextDeadlineAsync(cancellationToken);
        var wait = next is { } at ? at - time.GetUtcNow() : PollInterval;
        // Another host (or this one) may set an earlier deadline meanwhile: never sleep longer than the poll interval.
        return wait < TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : wait > PollInterval ? PollInterval : wait;
    }
}
