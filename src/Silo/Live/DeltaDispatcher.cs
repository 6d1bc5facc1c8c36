using System.Collections.Concurrent;
using System.Collections.Immutable;
using Coordination.Grains.Live;
using Coordination.Grains.Storage;
using Coordination.Silo.Hubs;
using Coordination.Silo.Options;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Live;

/// <summary>
/// Fans this host's deltas out to its hub groups and circuits. Per audience it sends each sequence number
/// once and in order, filling gaps from the durable feed; it coalesces per tick, but the first change after a
/// quiet tick goes out at once.
/// </summary>
public sealed class DeltaDispatcher(
    DeltaListener listener,
    IEventStore store,
    IHubContext<CoordinationHub, ICoordinationClient> hub,
    IOptions<LiveOptions> options,
    ILogger<DeltaDispatcher> logger) : BackgroundService, ILiveFeed
{
    private readonly Dictionary<(string Tenant, string Audience), AudienceState> _audiences = [];
    private readonly ConcurrentDictionary<(string Tenant, string Audience), ImmutableList<Func<LiveDeltas, Task>>> _subscribers = new();

    public IDisposable Subscribe(string tenant, IEnumerable<string> audiences, Func<LiveDeltas, Task> onDeltas)
    {
        var keys = audiences.Select(audience => (tenant, audience)).ToList();
        foreach (var key in keys)
        {
            _subscribers.AddOrUpdate(key, _ => [onDeltas], (_, list) => list.Add(onDeltas));
        }

        return new Subscription(() =>
        {
            foreach (var key in keys)
            {
                _subscribers.AddOrUpdate(key, _ => [], (_, list) => list.Remove(onDeltas));
            }
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = TimeSpan.FromMilliseconds(options.Value.TickMilliseconds);
        var reader = listener.Batches;
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            // Leading edge: the first change after a quiet period goes out without waiting for a tick.
            Drain(reader);
            await FlushAsync(stoppingToken);

            using var timer = new PeriodicTimer(tick);
            while (await timer.WaitForNextTickAsync(stoppingToken) && Drain(reader))
            {
                await FlushAsync(stoppingToken);
            }
        }
    }

    private bool Drain(System.Threading.Channels.ChannelReader<DeltaBatch> reader)
    {
        var any = false;
        while (reader.TryRead(out var batch))
        {
            any = true;
            if (ReferenceEquals(batch, DeltaListener.Resync))
            {
                foreach (var state in _audiences.Values)
                {
                    state.RequestFill();
                }

                continue;
            }

            foreach (var entry in batch.Entries)
            {
                var key = (batch.Tenant, entry.Audience);
                if (!_audiences.TryGetValue(key, out var state))
                {
                    // A host that has not seen this audience yet starts at the first delta it gets.
                    state = new AudienceState(entry.Sequence - 1);
                    _audiences[key] = state;
                }

                state.Receive(entry);
            }
        }

        return any;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var ((tenant, audience), state) in _audiences)
        {
            if (!state.HasPending && !state.FillRequested)
            {
                continue;
            }

            if (state.HasGap || state.FillRequested)
            {
                try
                {
                    // Deltas reach the host out of order or not at all (a publisher crashed after committing): the feed has them.
                    state.Fill(await store.ReadFeedAsync(tenant, audience, state.Sent, options.Value.CatchUpLimit, cancellationToken));
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Could not fill a gap in an audience's deltas from the feed");
                }
            }

            var ready = state.TakeReady();
            if (ready.Count == 0)
            {
                continue;
            }

            var message = new LiveDeltas(audience, [.. ready.Select(LiveDelta.From)]);
            await SendAsync(tenant, audience, message);
        }
    }

    private async Task SendAsync(string tenant, string audience, LiveDeltas message)
    {
        try
        {
            await hub.Clients.Group(Audiences.GroupName(tenant, audience)).Deltas(message);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not send deltas to a hub group");
        }

        if (_subscribers.TryGetValue((tenant, audience), out var subscribers))
        {
            foreach (var subscriber in subscribers)
            {
                try
                {
                    await subscriber(message);
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "A live subscriber failed on deltas");
                }
            }
        }
    }

    /// <summary>The ordering state of one audience on this host.</summary>
    private sealed class AudienceState(long sent)
    {
        private readonly SortedDictionary<long, FeedEntry> _pending = [];

        public long Sent { get; private set; } = sent;

        public bool HasPending => _pending.Count > 0;

        public bool HasGap => _pending.Count > 0 && _pending.First().Key != Sent + 1;

        /// <summary>Read from the feed on the next flush even without a known gap.</summary>
        public bool FillRequested { get; private set; }

        public void RequestFill() => FillRequested = true;

        private bool _started;

        public void Receive(FeedEntry entry)
        {
            if (!_started && entry.Sequence <= Sent)
            {
                // Until something was sent, an earlier delta that arrives late moves the starting point back.
                Sent = entry.Sequence - 1;
            }

            if (entry.Sequence > Sent)
            {
                _pending[entry.Sequence] = entry;
            }
        }

        public void Fill(IReadOnlyList<FeedEntry> fromStore)
        {
            FillRequested = false;
            foreach (var entry in fromStore)
            {
                Receive(entry);
            }
        }

        public List<FeedEntry> TakeReady()
        {
            var ready = new List<FeedEntry>();
            while (_pending.Remove(Sent + 1, out var next))
            {
                ready.Add(next);
                Sent = next.Sequence;
                _started = true;
            }

            return ready;
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
