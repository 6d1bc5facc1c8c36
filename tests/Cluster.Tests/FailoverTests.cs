using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Silo.Tests;
using Coordination.Silo.Tests.Live;
using Xunit.Abstractions;

namespace Coordination.Cluster.Tests;

/// <summary>
/// Kill a replica: its grains reactivate on the other one, and a hub client that was connected to it
/// reconnects there with the same token, catches up from its last sequence and has missed nothing and
/// received nothing twice.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FailoverTests(ClusterDatabases databases, ITestOutputHelper output)
{
    private const int ReportsBeforeKill = 4;
    private const int ReportsWhileDisconnected = 5;

    /// <summary>How long the cluster may take to get over the loss of a silo (default membership timeouts).</summary>
    private static readonly TimeSpan FailoverLimit = TimeSpan.FromMinutes(3);

    /// <summary>When the membership table first showed the killed silo as dead, after the kill.</summary>
    private TimeSpan? _deadAt;

    [Fact]
    public async Task KillingHostA_ItsGrainsReactivateOnB_AndTheClientCatchesUpOnB_MissingNothing_ReceivingNothingTwice()
    {
        var cluster = await databases.CreateAsync("failover");
        await using var a = await ClusterHost.StartAsync("A", cluster, HostPorts.Free());
        await using var b = await ClusterHost.StartAsync("B", cluster, HostPorts.Free());

        var token = await a.SignInAsync(Accounts.Coordinator());
        await using var onA = await a.ConnectAsync(token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        onA.Connection.Closed += exception =>
        {
            closed.TrySetResult(exception);
            return Task.CompletedTask;
        };
        var snapshot = (await onA.GetSnapshotAsync(Audiences.Coordinators)).Sequence;

        // Before the kill: reports through both replicas, so that concern grains live on both, received live on A.
        var hotelToken = await b.SignInAsync(Accounts.Hotel());
        using var hotelOnA = a.CreateClient(hotelToken);
        using var hotelOnB = b.CreateClient(hotelToken);
        var before = new List<Guid>();
        for (var i = 0; i < ReportsBeforeKill; i++)
        {
            before.Add(await ReportAsync(i % 2 == 0 ? hotelOnB : hotelOnA));
        }

        foreach (var id in before)
        {
            await onA.Deltas.WaitForAsync(Audiences.Coordinators, "concern.reported", id);
        }

        var receivedOnA = onA.Deltas.All.Where(d => d.Audience == Audiences.Coordinators).ToList();
        Assert.Equal(Enumerable.Range(1, ReportsBeforeKill).Select(i => snapshot + i), receivedOnA.Select(d => d.Sequence));
        Assert.Equal(before, receivedOnA.Select(d => d.ConcernId));
        var last = receivedOnA[^1].Sequence;

        var failover = Stopwatch.StartNew();
        await a.KillAsync();
        var declaredDead = WatchUntilDeadAsync(cluster, a.Ports.Silo, failover);
        await closed.Task.WaitAsync(FailoverLimit);
        var clientNoticed = failover.Elapsed;

        // While the client is away: reports through B, each tried until B acknowledges one.
        var missed = new List<Guid>();
        var refused = new List<string>();
        TimeSpan? firstAcknowledged = null;
        while (missed.Count < ReportsWhileDisconnected)
        {
            Assert.True(failover.Elapsed < FailoverLimit,
                $"B acknowledged {missed.Count} of {ReportsWhileDisconnected} reports within {FailoverLimit.TotalSeconds} s of the kill. " +
                $"Refused: [{string.Join(", ", refused)}]. B's output:{Environment.NewLine}{b.Output}");
            try
            {
                using var response = await hotelOnB.PostAsJsonAsync("/api/concerns", Reports.FromHotel(), HostFixture.Json);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    missed.Add((await response.Content.ReadFromJsonAsync<ReportStatus>(HostFixture.Json))!.Id);
                    firstAcknowledged ??= failover.Elapsed;
                    continue;
                }

                refused.Add($"{(int)response.StatusCode} at {failover.Elapsed.TotalSeconds:F1} s");
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                refused.Add($"{exception.GetType().Name} at {failover.Elapsed.TotalSeconds:F1} s");
            }

            // B is still getting over the loss of A; a partner system would retry too.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        var allAcknowledged = failover.Elapsed;
        output.WriteLine(
            $"After SIGKILL of A: the client's connection closed at {clientNoticed.TotalSeconds:F1} s; B acknowledged the first report at " +
            $"{firstAcknowledged!.Value.TotalSeconds:F1} s and all {ReportsWhileDisconnected} at {allAcknowledged.TotalSeconds:F1} s " +
            $"({refused.Count} refused: [{string.Join(", ", refused)}]); A is {(_deadAt is { } deadAt ? $"dead in the membership table since {deadAt.TotalSeconds:F1} s" : "not yet dead in the membership table")}.");

        // The same client, the same token (issued by A, which is gone), now on B.
        await using var onB = await b.ConnectAsync(token);
        var answer = await onB.CatchUpAsync(Audiences.Coordinators, last);
        var durable = await cluster.ReadFeedAsync(Accounts.Tenant, Audiences.Coordinators, last);

        Assert.Equal(Audiences.Coordinators, answer.Audience);
        Assert.False(answer.IsSnapshot);
        Assert.Equal(Enumerable.Range(1, ReportsWhileDisconnected).Select(i => last + i), answer.Deltas.Select(d => d.Sequence));
        Assert.Equal(missed, answer.Deltas.Select(RecordedDelta.ConcernIdOf));
        Assert.All(answer.Deltas, delta => Assert.Equal("concern.reported", delta.Type));
        Assert.Equal(durable, answer.Deltas.Select(d => (d.Sequence, d.Type)));

        // A's grains come back on B once the cluster has declared A dead (here with Orleans' default membership
        // timeouts: the host does not make them configurable).
        await declaredDead;
        Assert.True(_deadAt is not null, $"A was not declared dead within {FailoverLimit.TotalSeconds} s of the kill. B's output:{Environment.NewLine}{b.Output}");
        foreach (var id in before.Concat(missed))
        {
            var status = await GetOnceAnsweredAsync<ReportStatus>(hotelOnB, $"/api/concerns/{id}/status", failover);
            Assert.Equal(PublicStatus.Received, status.Status);
        }

        var reactivated = failover.Elapsed;
        using var coordinatorOnB = b.CreateClient(token);
        var board = await GetOnceAnsweredAsync<JsonElement>(coordinatorOnB, "/api/board", failover);
        Assert.Equal(last + ReportsWhileDisconnected, board.GetProperty("sequence").GetInt64());
        Assert.Subset(
            board.GetProperty("openConcerns").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToHashSet(),
            before.Concat(missed).ToHashSet());

        // B's listener is back in the listener directory (which lived on A and started empty on B): B's
        // readiness is Healthy again, not merely Degraded.
        await WaitUntilHealthyAsync(b, failover);
        var listening = failover.Elapsed;

        // Live again on B: the next change follows the caught-up ones; a delta the client already has and gets
        // again (B filling its own gap from the feed) is dropped by sequence, as the protocol says.
        var next = await ReportAsync(hotelOnB);
        var live = await onB.Deltas.WaitForAsync(Audiences.Coordinators, "concern.reported", next);
        Assert.Equal(last + ReportsWhileDisconnected + 1, live.Sequence);
        var applied = Apply(receivedOnA.Select(d => d.Delta), answer.Deltas, onB.Deltas.All.Where(d => d.Audience == Audiences.Coordinators).Select(d => d.Delta), out var dropped);
        Assert.Equal(Enumerable.Range(1, applied.Count).Select(i => snapshot + i), applied.Select(d => d.Sequence));
        Assert.Equal([.. before, .. missed, next], applied.Select(RecordedDelta.ConcernIdOf));

        output.WriteLine(
            $"A dead in the membership table at {_deadAt!.Value.TotalSeconds:F1} s; A's grains answering through B at {reactivated.TotalSeconds:F1} s; " +
            $"B's listener back in the directory at {listening.TotalSeconds:F1} s. Catch-up on B: {answer.Deltas.Count} deltas " +
            $"({last + 1}..{last + answer.Deltas.Count}); live on B from {live.Sequence}; {dropped} live delta(s) dropped as already applied.");
    }

    private static async Task<Guid> ReportAsync(HttpClient hotel)
    {
        using var response = await hotel.PostAsJsonAsync("/api/concerns", Reports.FromHotel(), HostFixture.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReportStatus>(HostFixture.Json))!.Id;
    }

    /// <summary>
    /// A read through the surviving host, repeated while it fails because the grain is still registered on the
    /// dead silo (the moment B writes A's death and the moment B's directory forgets A's grains are not one).
    /// </summary>
    private static async Task<T> GetOnceAnsweredAsync<T>(HttpClient client, string path, Stopwatch since)
    {
        while (true)
        {
            using var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (await response.Content.ReadFromJsonAsync<T>(HostFixture.Json))!;
            }

            Assert.True(response.StatusCode == HttpStatusCode.InternalServerError && since.Elapsed < FailoverLimit,
                $"GET {path} answered {(int)response.StatusCode} at {since.Elapsed.TotalSeconds:F1} s after the kill.");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>What a client following docs/realtime-api.md section 9 applies: each sequence once, in order.</summary>
    private static List<Delta> Apply(IEnumerable<Delta> beforeKill, IEnumerable<Delta> caughtUp, IEnumerable<Delta> liveOnB, out int dropped)
    {
        var applied = new List<Delta>();
        dropped = 0;
        foreach (var delta in beforeKill.Concat(caughtUp).Concat(liveOnB))
        {
            if (applied.Count > 0 && delta.Sequence <= applied[^1].Sequence)
            {
                dropped++;
                continue;
            }

            applied.Add(delta);
        }

        return applied;
    }

    /// <summary>When the membership table first shows the killed silo as dead (watched, for the report).</summary>
    private async Task WatchUntilDeadAsync(ClusterDatabase cluster, int siloPort, Stopwatch since)
    {
        // The membership table has no change signal to await: poll it within a bound.
        while (since.Elapsed < FailoverLimit)
        {
            if (await cluster.ReadSiloStatusAsync(siloPort) == ClusterDatabase.Dead)
            {
                _deadAt = since.Elapsed;
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>Until the host's readiness says Healthy: database up, and a listener (its own, A being dead) registered.</summary>
    private static async Task WaitUntilHealthyAsync(ClusterHost host, Stopwatch since)
    {
        using var client = host.CreateClient();
        var last = "";
        while (since.Elapsed < FailoverLimit)
        {
            using var response = await client.GetAsync("/health/ready");
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.StatusCode == HttpStatusCode.OK && last.EndsWith("Healthy", StringComparison.Ordinal) && !last.EndsWith("Unhealthy", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        Assert.Fail($"{host.Name} was not Healthy within {FailoverLimit.TotalSeconds} s of the kill (last: {last}). Its output:{Environment.NewLine}{host.Output}");
    }
}
