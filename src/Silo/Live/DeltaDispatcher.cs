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
/// quiet tick goes out at once. It never waits for a reader: a hub group whose last message is still being
/// written (a connection in it reads slowly) and a circuit still busy with its last deltas get what came
/// meanwhile together, in one later message, while every other audience and circuit is served on time.
/// </summary>
public sealed class DeltaDispatcher(
    DeltaListener listener,
    IEventStore store,
    IHubContext<CoordinationHub, ICoordinationClient> hub,
    IOptions<LiveOptions> options,
    ILogger<DeltaDispatcher> logger) : BackgroundService, ILiveFeed
{
    private readonly Dictionary<(string Tenant, string Audience), AudienceState> _audiences = [];
    private readonly ConcurrentDictionary<(string Tenant, string Audience), ImmutableList<Mailbox>> _subscribers = new();

    public IDisposable Subscribe(string tenant, IEnumerable<string> audiences, Func<LiveDeltas, Task> onDeltas)
    {
        var mailboxes = audiences
            .Select(audience => (Key: (tenant, audience), Mailbox: new Mailbox(audience, onDeltas, options.Value.CatchUpLimit, logger)))
            .ToList();
        foreach (var (key, mailbox) in mailboxes)
        {
            _subscribers.AddOrUpdate(key, _ => [mailbox], (_, list) => list.Add(mailbox));
        }

        return new Subscription(() =>
        {
            foreach (var (key, mailbox) in mailboxes)
            {
                _subscribers.AddOrUpdate(key, _ => [], (_, list) => list.Remove(mailbox));
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

            // Then one message per audience per tick, for as long as deltas come or wait for a send to finish.
            using var timer = new PeriodicTimer(tick);
            while (await timer.WaitForNextTickAsync(stoppingToken) && (Drain(reader) | HasWaiting()))
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

    /// <summary>Deltas held back because their audience's last message to its hub group is still being written.</summary>
    private bool HasWaiting() => _audiences.Values.Any(state => state.ForGroup.Count > 0);

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var ((tenant, audience), state) in _audiences)
        {
            if (!state.HasPending && !state.FillRequested && state.ForGroup.Count == 0)
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
            if (ready.Count > 0)
            {
                var deltas = ready.Select(LiveDelta.From).ToList();
                state.ForGroup.AddRange(deltas);
                if (_subscribers.TryGetValue((tenant, audience), out var subscribers))
                {
                    foreach (var subscriber in subscribers)
                    {
                        subscriber.Post(deltas);
                    }
                }
            }

            // While the group's last message is still being written (a connection in it reads slowly), what
            // comes meanwhile waits and goes out together, in order, in one later message.
            if (state.ForGroup.Count > 0 && state.Sending is not { IsCompleted: false })
            {
                state.Sending = SendToGroupAsync(tenant, audience, new LiveDeltas(audience, state.ForGroup));
                state.ForGroup = [];
            }
        }
    }

    private async Task SendToGroupAsync(string tenant, string audience, LiveDeltas message)
    {
        try
        {
            await hub.Clients.Group(Audiences.GroupName(tenant, audience)).Deltas(message);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not send deltas to a hub group");
        }
    }

    /// <summary>The ordering state of one audience on this host.</summary>
    private sealed class AudienceState(long sent)
    {
        private readonly SortedDictionary<long, FeedEntry> _pending = [];

        public long Sent { get; private set; } = sent;

        /// <summary>The last message to the audience's hub group, until every connection in it has taken it.</summary>
        public Task? Sending { get; set; }

        /// <summary>Deltas for the hub group that wait for <see cref="Sending"/> to finish.</summary>
        public List<LiveDelta> ForGroup { get; set; } = [];

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

    /// <summary>
    /// One subscriber's deltas of one audience (a circuit's live model): delivered one call at a time and in
    /// order, never awaited by the dispatcher. What comes while a call runs goes out together in the next one;
    /// past the catch-up limit only the newest deltas are kept, and the subscriber sees the gap and reloads
    /// its snapshot, as it would after a reconnect.
    /// </summary>
    private sealed class Mailbox(string audience, Func<LiveDeltas, Task> deliver, int limit, ILogger logger)
    {
        private readonly Lock _gate = new();
        private List<LiveDelta> _waiting = [];
        private bool _delivering;

        public void Post(IReadOnlyList<LiveDelta> deltas)
        {
            lock (_gate)
            {
                _waiting.AddRange(deltas);
                if (_waiting.Count > limit)
                {
                    _waiting.RemoveRange(0, _waiting.Count - limit);
                }

                if (_delivering)
                {
                    return;
                }

                _delivering = true;
            }

            // A circuit that is free takes the deltas at once, on the dispatcher's loop (one after the other, as
            // they share two cores with everything else); one that is still busy queues them and lets the loop go on.
            _ = DeliverAsync();
        }

        private async Task DeliverAsync()
        {
            while (true)
            {
                List<LiveDelta> deltas;
                lock (_gate)
                {
                    if (_waiting.Count == 0)
                    {
                        _delivering = false;
                        return;
                    }

                    (deltas, _waiting) = (_waiting, []);
                }

                try
                {
                    await deliver(new LiveDeltas(audience, deltas));
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "A live subscriber failed on deltas");
                }
            }
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
