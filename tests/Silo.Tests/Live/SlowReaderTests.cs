using Coordination.Grains.Live;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Silo.Tests.Live;

/// <summary>
/// A board in a browser is a circuit that takes the host's deltas from its feed. One that is still busy with its
/// last deltas (a slow renderer, a stalled circuit) must hold up no other board, circuit or hub client.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SlowReaderTests(HostFixture host)
{
    [Fact]
    public async Task ABoardStillBusyWithItsLastDeltas_HoldsUpNobodyElse_AndThenGetsWhatCameMeanwhileInOrder()
    {
        using var boards = new TwoBoards(host.Services.GetRequiredService<ILiveFeed>());
        var (busy, punctual) = (boards.Busy, boards.Punctual);
        await using var coordinator = await host.ConnectAsync(Accounts.Coordinator());

        // The busy board takes its first deltas (this report's, or whatever came first) and stays busy with them.
        await host.ReportAsync(Accounts.Hotel());
        await busy.WaitForAnyAsync();

        var second = await host.ReportAsync(Accounts.Hotel());
        await punctual.WaitForAsync(second.Id);
        await coordinator.Deltas.WaitForAsync(Audiences.Coordinators, "concern.reported", second.Id);
        Assert.DoesNotContain(busy.Received, delta => RecordedDelta.ConcernIdOf(ToClient(delta)) == second.Id);

        boards.Release();
        await busy.WaitForAsync(second.Id);
        var sequences = busy.Received.Select(delta => delta.Sequence).ToList();
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => sequences[0] + i), sequences);
        Assert.True(busy.Deliveries >= 2, "what came while the board was busy arrives in a later delivery");
    }

    [Fact]
    public async Task ABoardFurtherBehindThanTheCatchUpLimit_GetsOnlyTheNewestDeltas_AndSeesTheGap()
    {
        using var boards = new TwoBoards(host.Services.GetRequiredService<ILiveFeed>());
        var (busy, punctual) = (boards.Busy, boards.Punctual);

        await host.ReportAsync(Accounts.Hotel());
        await busy.WaitForAnyAsync();
        var stalledAt = busy.Received[^1].Sequence;

        var missed = new List<Guid>();
        for (var i = 0; i < HostFixture.CatchUpLimit + 5; i++)
        {
            missed.Add((await host.ReportAsync(Accounts.Hotel())).Id);
        }

        await punctual.WaitForAsync(missed[^1]);
        boards.Release();
        await busy.WaitForAsync(missed[^1]);

        var afterStall = busy.Received.Where(delta => delta.Sequence > stalledAt).ToList();
        Assert.InRange(afterStall.Count, 1, HostFixture.CatchUpLimit);
        Assert.True(afterStall[0].Sequence > stalledAt + 1, "the board must see that it missed deltas, so that it reloads its snapshot");
        Assert.Equal(Enumerable.Range(0, afterStall.Count).Select(i => afterStall[0].Sequence + i), afterStall.Select(delta => delta.Sequence));
    }

    private static Delta ToClient(LiveDelta delta) => new(delta.Sequence, delta.Type, delta.At, delta.Data);

    /// <summary>Two boards on the coordinators' feed: one stuck in its first delivery until released, one punctual.</summary>
    private sealed class TwoBoards : IDisposable
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly IDisposable[] _subscriptions;

        public TwoBoards(ILiveFeed feed)
        {
            Busy = new FeedRecorder(stallFirstDelivery: _release.Task);
            _subscriptions =
            [
                feed.Subscribe(Accounts.Tenant, [Audiences.Coordinators], Busy.DeliverAsync),
                feed.Subscribe(Accounts.Tenant, [Audiences.Coordinators], Punctual.DeliverAsync),
            ];
        }

        public FeedRecorder Busy { get; }

        public FeedRecorder Punctual { get; } = new();

        public void Release() => _release.TrySetResult();

        public void Dispose()
        {
            Release();
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
        }
    }

    /// <summary>A feed subscriber like a circuit's live model, optionally stuck in its first delivery until released.</summary>
    private sealed class FeedRecorder(Task? stallFirstDelivery = null)
    {
        private readonly Lock _gate = new();
        private readonly List<LiveDelta> _received = [];
        private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _deliveries;

        public IReadOnlyList<LiveDelta> Received
        {
            get
            {
                lock (_gate)
                {
                    return [.. _received];
                }
            }
        }

        public int Deliveries => Volatile.Read(ref _deliveries);

        public async Task DeliverAsync(LiveDeltas deltas)
        {
            TaskCompletionSource arrived;
            lock (_gate)
            {
                _received.AddRange(deltas.Deltas);
                (arrived, _arrived) = (_arrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            arrived.TrySetResult();
            if (Interlocked.Increment(ref _deliveries) == 1 && stallFirstDelivery is not null)
            {
                await stallFirstDelivery;
            }
        }

        public Task WaitForAsync(Guid concernId) =>
            WaitForAsync($"delta of {concernId}", delta => RecordedDelta.ConcernIdOf(ToClient(delta)) == concernId);

        public Task WaitForAnyAsync() => WaitForAsync("delta at all", _ => true);

        private async Task WaitForAsync(string description, Func<LiveDelta, bool> match)
        {
            using var patience = new CancellationTokenSource(HostFixture.Patience);
            while (true)
            {
                Task arrived;
                lock (_gate)
                {
                    if (_received.Any(match))
                    {
                        return;
                    }

                    arrived = _arrived.Task;
                }

                try
                {
                    await arrived.WaitAsync(patience.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"The feed subscriber got no {description} within {HostFixture.Patience.TotalSeconds} s.");
                }
            }
        }
    }
}
