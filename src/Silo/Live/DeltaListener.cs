using System.Threading.Channels;
using Coordination.Grains.Live;

namespace Coordination.Silo.Live;

/// <summary>This host's one observer: takes deltas off Orleans and queues them for the dispatcher.</summary>
public sealed class DeltaListener : IDeltaObserver
{
    private readonly Channel<DeltaBatch> _batches = Channel.CreateUnbounded<DeltaBatch>(
        new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<DeltaBatch> Batches => _batches.Reader;

    public Task OnDeltas(DeltaBatch batch)
    {
        _batches.Writer.TryWrite(batch);
        return Task.CompletedTask;
    }
}
