using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Silo.Tests;
using Xunit.Abstractions;

namespace Coordination.Cluster.Tests;

/// <summary>Two replicas on one machine, on one PostgreSQL, form one Orleans cluster that carries the live deltas.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OneClusterTests(ClusterDatabases databases, ITestOutputHelper output)
{
    [Fact]
    public async Task TwoHosts_FormOneCluster_AndAHubClientOnA_ReceivesAConcernReportedThroughB()
    {
        var clock = Stopwatch.StartNew();
        var cluster = await databases.CreateAsync("one_cluster");
        var migrated = clock.Elapsed;
        await using var a = await ClusterHost.StartAsync("A", cluster, HostPorts.Free());
        var aReady = clock.Elapsed;
        await using var b = await ClusterHost.StartAsync("B", cluster, HostPorts.Free());
        output.WriteLine($"Database created and migrated at {migrated.TotalSeconds:F1} s, A ready at {aReady.TotalSeconds:F1} s, B ready at {clock.Elapsed.TotalSeconds:F1} s.");

        var active = await cluster.ReadActiveSilosAsync();
        output.WriteLine($"Active silos in the membership table: {string.Join(", ", active)}");
        Assert.Equal(new[] { $"127.0.0.1:{a.Ports.Silo}", $"127.0.0.1:{b.Ports.Silo}" }.Order(), active.Order());

        await using var coordinator = await a.ConnectAsync(await a.SignInAsync(Accounts.Coordinator()));
        var before = (await coordinator.GetSnapshotAsync(Audiences.Coordinators)).Sequence;

        using var hotel = b.CreateClient(await b.SignInAsync(Accounts.Hotel()));
        using var response = await hotel.PostAsJsonAsync("/api/concerns", Reports.FromHotel(area: "Centrum"), HostFixture.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<ReportStatus>(HostFixture.Json))!;

        var delta = await coordinator.Deltas.WaitForAsync(Audiences.Coordinators, "concern.reported", report.Id);
        Assert.Equal(before + 1, delta.Sequence);
        Assert.Equal("Centrum", delta.Delta.Data.GetProperty("concern").GetProperty("area").GetString());
        Assert.Single(coordinator.Deltas.All, d => d.Audience == Audiences.Coordinators);
    }
}
