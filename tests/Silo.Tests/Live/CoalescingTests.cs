using System.Diagnostics;
using Coordination.Grains.Live;

namespace Coordination.Silo.Tests.Live;

/// <summary>A host of its own with the longest coalescing tick (one second), so that waiting for a tick shows.</summary>
public sealed class SlowTickFixture : IAsyncLifetime
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public HostFixture Host { get; } = new(new Dictionary<string, string>
    {
        ["Live:TickMilliseconds"] = ((int)Tick.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

/// <summary>A busy audience gets at most one message per tick, however fast the changes come.</summary>
public sealed class CoalescingTests(SlowTickFixture fixture) : IClassFixture<SlowTickFixture>
{
    [Fact]
    public async Task TwoReportsInQuickSuccession_ReachTheBoardATickApart_InOrder()
    {
        var host = fixture.Host;
        await using var coordinator = await host.ConnectAsync(Accounts.Coordinator());

        var first = await host.ReportAsync(Accounts.Hotel());
        var boardFirst = await coordinator.Deltas.WaitForAsync(Audiences.Coordinators, "concern.reported", first.Id);
        var second = await host.ReportAsync(Accounts.Hotel());
        var boardSecond = await coordinator.Deltas.WaitForAsync(Audiences.Coordinators, "concern.reported", second.Id);

        Assert.True(boardSecond.Sequence > boardFirst.Sequence, "in order");
        // Less what the two deliveries' own delays may differ by.
        var between = Stopwatch.GetElapsedTime(boardFirst.ReceivedAt, boardSecond.ReceivedAt);
        Assert.True(between >= SlowTickFixture.Tick - TimeSpan.FromMilliseconds(100), $"the board's messages came {between.TotalMilliseconds:0} ms apart");
    }
}
