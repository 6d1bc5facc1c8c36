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

    /// <summary>
    /// Asks the dispatcher to read every audience it follows from the durable feed: this host was missing from
    /// the cluster's directory (e.g. the directory's silo died) and deltas may have passed it by.
    /// </summary>
    public void RequestResync() => _batches.Writer.TryWrite(Resync);

    /// <summary>The marker batch of a resync request.</summary>
    public static DeltaBatch Resync { get; } = new("", []);
}
