using Coordination.Grains.Live;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Live;

/// <summary>Registers this host's listener with the cluster and renews it well inside the directory's expiry.</summary>
public sealed class ListenerRegistration(
    IGrainFactory grains,
    DeltaListener listener,
    IOptions<ListenerDirectoryOptions> options,
    ILogger<ListenerRegistration> logger) : BackgroundService
{
    private IDeltaObserver? _reference;

    /// <summary>Raised after each successful registration or renewal (tests await it instead of sleeping).</summary>
    public event Action? Renewed;

    /// <summary>
    /// Whether the cluster's directory lists this host's listener right now (after a failover the directory
    /// starts empty on another silo until the next renewal).
    /// </summary>
    public async Task<bool> IsListedAsync()
    {
        if (_reference is null)
        {
            return false;
        }

        var hosts = await grains.GetGrain<IHostDirectoryGrain>(0).GetHosts();
        return hosts.Any(host => host.GetGrainId() == _reference.GetGrainId());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<IDeltaObserver>(listener);
        var directory = grains.GetGrain<IHostDirectoryGrain>(0);
        using var timer = new PeriodicTimer(options.Value.RenewEvery);
        do
        {
            try
            {
                var listed = await IsListedAsync();
                await directory.Subscribe(_reference);
                if (!listed)
                {
                    // First registration, or the directory lost us (its silo died): deltas may have passed us by.
                    listener.RequestResync();
                }

                Renewed?.Invoke();
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not renew this host's delta listener; retrying");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_reference is not null)
        {
            try
            {
                await grains.GetGrain<IHostDirectoryGrain>(0).Unsubscribe(_reference);
            }
            catch (Exception exception)
            {
                logger.LogDebug(exception, "Could not unregister the delta listener on shutdown");
            }
        }

        await base.StopAsync(cancellationToken);
    }
}
