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

    private long _lastRenewedTicks;

    /// <summary>Raised after each successful registration or renewal (tests await it instead of sleeping).</summary>
    public event Action? Renewed;

    /// <summary>This host's listener is registered and was renewed within the directory's expiry.</summary>
    public bool IsRegistered =>
        Interlocked.Read(ref _lastRenewedTicks) is var ticks and > 0 && DateTime.UtcNow.Ticks - ticks < options.Value.ListenerExpiry.Ticks;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<IDeltaObserver>(listener);
        var directory = grains.GetGrain<IHostDirectoryGrain>(0);
        using var timer = new PeriodicTimer(options.Value.RenewEvery);
        do
        {
            try
            {
                await directory.Subscribe(_reference);
                Interlocked.Exchange(ref _lastRenewedTicks, DateTime.UtcNow.Ticks);
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
