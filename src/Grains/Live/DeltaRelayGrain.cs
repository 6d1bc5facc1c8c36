using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Coordination.Grains.Live;

// A stateless worker so that publishing scales with the silos and never queues behind one activation.
[StatelessWorker]
public sealed class DeltaRelayGrain(ILogger<DeltaRelayGrain> logger) : Grain, IDeltaRelayGrain
{
    private static readonly TimeSpan HostListTtl = TimeSpan.FromSeconds(1);

    private IReadOnlyList<IDeltaObserver> _hosts = [];
    private DateTime _hostsFetchedAt = DateTime.MinValue;

    public async Task Publish(DeltaBatch batch)
    {
        // An empty list is never trusted from the cache: right after a failover the directory starts empty
        // and fills as hosts renew, and a host missing here would miss this delta.
        if (_hosts.Count == 0 || DateTime.UtcNow - _hostsFetchedAt > HostListTtl)
        {
            _hosts = await GrainFactory.GetGrain<IHostDirectoryGrain>(0).GetHosts();
            _hostsFetchedAt = DateTime.UtcNow;
        }

        foreach (var host in _hosts)
        {
            try
            {
                // One-way: a slow or dead host must not hold up the others; it catches up from the feed.
                _ = host.OnDeltas(batch);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Could not hand deltas to a host listener");
            }
        }
    }
}
