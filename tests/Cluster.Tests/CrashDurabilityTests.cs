using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Coordination.Grains.Concerns;
using Coordination.Grains.Partners;
using Coordination.Silo.Tests;
using Xunit.Abstractions;

namespace Coordination.Cluster.Tests;

/// <summary>
/// On PostgreSQL, a report the reporter was told succeeded (2xx) survives the host being killed, again and
/// again: in the state the API answers from and in the event table.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CrashDurabilityTests(ClusterDatabases databases, ITestOutputHelper output)
{
    private const int Cycles = 10;
    private const int AcknowledgedBeforeKill = 10;
    private const int Reporters = 4;
    private const int MaxReportsPerCycle = 60;

    [Fact]
    public async Task AcknowledgedReports_SurviveTenKillsOfTheHost_InStateAndInTheEventTable()
    {
        var cluster = await databases.CreateAsync("durability");
        // A restarted replica keeps its silo endpoint (as a pod keeps its address across a container restart),
        // so it supersedes its own dead entry in the membership table; HTTP moves to a fresh port each time.
        var silo = HostPorts.Free();
        var acknowledged = new List<Guid>();
        string? token = null;
        var lost = new HashSet<Guid>();
        var total = Stopwatch.StartNew();

        for (var cycle = 1; cycle <= Cycles + 1; cycle++)
        {
            var started = Stopwatch.StartNew();
            await using var host = await ClusterHost.StartAsync($"cycle {cycle}", cluster, silo with { Http = FreePorts.Next() });
            var startUp = started.Elapsed;
            // One token for all cycles: the Data Protection keys are in the database, so it outlives every restart.
            token ??= await host.SignInAsync(Accounts.Hotel());
            using var hotel = host.CreateClient(token);

            var missing = await FindLostAsync(cluster, hotel, acknowledged);
            lost.UnionWith(missing);
            if (cycle > Cycles)
            {
                // The grains' own state too: each concern activates from its stored snapshot.
                foreach (var id in acknowledged)
                {
                    using var status = await hotel.GetAsync($"/api/concerns/{id}/status");
                    if (status.StatusCode != HttpStatusCode.OK
                        || (await status.Content.ReadFromJsonAsync<ReportStatus>(HostFixture.Json))!.Status != PublicStatus.Received)
                    {
                        missing.Add(id);
                        lost.Add(id);
                    }
                }

                output.WriteLine($"Final restart in {startUp.TotalSeconds:F1} s: {missing.Count} of {acknowledged.Count} acknowledged reports missing.");
                break;
            }

            var (acknowledgedNow, inFlight) = await ReportUntilKilledAsync(host, hotel);
            acknowledged.AddRange(acknowledgedNow);
            output.WriteLine(
                $"Cycle {cycle}: started in {startUp.TotalSeconds:F1} s; {missing.Count} earlier report(s) missing; " +
                $"{acknowledgedNow.Count} reports acknowledged, then SIGKILL with {inFlight} in flight.");
            Assert.True(acknowledgedNow.Count >= AcknowledgedBeforeKill, $"Only {acknowledgedNow.Count} reports were acknowledged. Host output:{Environment.NewLine}{host.Output}");
        }

        output.WriteLine($"Lost changes: {lost.Count} of {acknowledged.Count} acknowledged over {Cycles} kills ({total.Elapsed.TotalSeconds:F0} s).");
        Assert.Empty(lost);
    }

    /// <summary>
    /// Four reporters post without pause until the host is gone; once enough reports were acknowledged the host is
    /// killed under them. Returns the acknowledged reports and how many requests the kill cut off mid-flight
    /// (requests refused because the host was already dead do not count).
    /// </summary>
    private static async Task<(List<Guid> Acknowledged, int InFlight)> ReportUntilKilledAsync(ClusterHost host, HttpClient hotel)
    {
        var acknowledged = new ConcurrentQueue<Guid>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = 0;
        var inFlight = 0;
        var reporters = Enumerable.Range(0, Reporters).Select(_ => Task.Run(async () =>
        {
            while (!host.HasExited && Interlocked.Increment(ref sent) <= MaxReportsPerCycle)
            {
                try
                {
                    using var response = await hotel.PostAsJsonAsync("/api/concerns", Reports.FromHotel(), HostFixture.Json);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Enqueue((await response.Content.ReadFromJsonAsync<ReportStatus>(HostFixture.Json))!.Id);
                    }
                }
                catch (HttpRequestException exception)
                {
                    // Not acknowledged, so it may be lost: cut off by the kill, or refused by the dead host.
                    if (exception.HttpRequestError != HttpRequestError.ConnectionError)
                    {
                        Interlocked.Increment(ref inFlight);
                    }
                }

                if (acknowledged.Count >= AcknowledgedBeforeKill)
                {
                    enough.TrySetResult();
                }
            }

            enough.TrySetResult();
        })).ToList();

        await enough.Task;
        await host.KillAsync();
        await Task.WhenAll(reporters);
        return ([.. acknowledged], inFlight);
    }

    /// <summary>The acknowledged reports that the restarted host does not list, or whose event the table lacks.</summary>
    private static async Task<HashSet<Guid>> FindLostAsync(ClusterDatabase cluster, HttpClient hotel, IReadOnlyCollection<Guid> acknowledged)
    {
        var mine = (await hotel.GetFromJsonAsync<OrganisationReports>("/api/concerns/mine", HostFixture.Json))!;
        var listed = mine.Reports.Where(r => r.Status == PublicStatus.Received).Select(r => r.Id).ToHashSet();
        var recorded = await cluster.ReadReportedStreamsAsync(Accounts.Tenant);
        return [.. acknowledged.Where(id => !listed.Contains(id) || !recorded.Contains($"concern/{id:N}"))];
    }
}
