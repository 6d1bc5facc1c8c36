using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Coordination.Grains.Live;

public sealed class HostDirectoryGrain(IOptions<ListenerDirectoryOptions> options, ILogger<HostDirectoryGrain> logger)
    : Grain, IHostDirectoryGrain
{
    private readonly ObserverManager<IDeltaObserver> _hosts = new(options.Value.ListenerExpiry, logger);

    public Task Subscribe(IDeltaObserver observer)
    {
        _hosts.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IDeltaObserver observer)
    {
        _hosts.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IDeltaObserver>> GetHosts()
    {
        _hosts.ClearExpired();
        return Task.FromResult<IReadOnlyList<IDeltaObserver>>([.. _hosts.Observers.Values]);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _hosts.Clear();
        return Task.CompletedTask;
    }
}
