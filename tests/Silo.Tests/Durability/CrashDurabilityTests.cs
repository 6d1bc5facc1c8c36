using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Grains.Concerns;
using Coordination.Grains.Partners;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Coordination.Silo.Tests.Durability;

/// <summary>A report the reporter was told succeeded survives the host being killed, in state and in the event table.</summary>
public sealed class CrashDurabilityTests(ITestOutputHelper output) : IDisposable
{
    private const int ReportCount = 40;
    private const int KillAfterAcknowledged = 30;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"coordination-durability-{Guid.NewGuid():N}");

    [Fact]
    public async Task AcknowledgedReports_SurviveTheHostBeingKilled_InStateAndInTheEventTable()
    {
        var acknowledged = new ConcurrentBag<Guid>();
        await using (var host = await HostProcess.StartAsync(_dataDirectory))
        {
            using var hotel = await host.CreateClientAsync(Accounts.Hotel());
            var killed = 0;
            // Several reports in flight when the kill comes: those not yet answered may be lost, no answered one may.
            await Parallel.ForEachAsync(Enumerable.Range(0, ReportCount), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) =>
            {
                try
                {
                    using var response = await hotel.PostAsJsonAsync("/api/concerns", Reports.FromHotel(), HostFixture.Json);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<ReportStatus>(HostFixture.Json))!.Id);
                    }
                }
                catch (HttpRequestException)
                {
                    // The host died under this request: not acknowledged.
                }

                if (acknowledged.Count >= KillAfterAcknowledged && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    await host.CrashAsync();
                }
            });
        }

        Assert.InRange(acknowledged.Count, KillAfterAcknowledged, ReportCount);

        await using var restarted = await HostProcess.StartAsync(_dataDirectory);
        using var hotelAgain = await restarted.CreateClientAsync(Accounts.Hotel());
        var listed = (await hotelAgain.GetFromJsonAsync<OrganisationReports>("/api/concerns/mine", HostFixture.Json))!.Reports.Select(r => r.Id).ToHashSet();
        var recorded = await ReadReportedStreamsAsync();
        var lostFromState = acknowledged.Where(id => !listed.Contains(id)).ToList();
        var lostFromEvents = acknowledged.Where(id => !recorded.Contains($"concern/{id:N}")).ToList();
        output.WriteLine($"Acknowledged {acknowledged.Count} of {ReportCount} reports before the kill; lost after restart: {lostFromState.Count} from state, {lostFromEvents.Count} from the event table.");

        Assert.Empty(lostFromState);
        Assert.Empty(lostFromEvents);
        foreach (var id in acknowledged)
        {
            var status = await hotelAgain.GetFromJsonAsync<ReportStatus>($"/api/concerns/{id}/status", HostFixture.Json);
            Assert.Equal(PublicStatus.Received, status!.Status);
        }

        using var coordinator = await restarted.CreateClientAsync(Accounts.Coordinator());
        var board = await coordinator.GetFromJsonAsync<JsonElement>("/api/board");
        Assert.Subset(board.GetProperty("openConcerns").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToHashSet(), acknowledged.ToHashSet());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is swept by the OS.
        }
    }

    private async Task<HashSet<string>> ReadReportedStreamsAsync()
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_dataDirectory, "coordination.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT stream FROM coordination_events WHERE tenant = $tenant AND type = $type";
        command.Parameters.AddWithValue("$tenant", Accounts.Tenant);
        command.Parameters.AddWithValue("$type", "concern.reported");
        var streams = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            streams.Add(reader.GetString(0));
        }

        return streams;
    }
}
