using System.Net.Http.Json;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Silo.Tests.Live;

namespace Coordination.Silo.Tests.Durability;

/// <summary>A host killed during an acceptance window still moves the concern on when the window closes, after it restarts.</summary>
public sealed class AcceptanceDeadlineRestartTests : IDisposable
{
    private static readonly Dictionary<string, string> ShortAcceptance = new()
    {
        ["Concerns__Deadlines__Normal__Acceptance"] = "00:00:03",
    };

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"coordination-acceptance-{Guid.NewGuid():N}");

    [Fact]
    public async Task AssignmentUnansweredAcrossAKill_TimesOutAfterTheRestart()
    {
        ConcernSummary assigned;
        await using (var host = await HostProcess.StartAsync(_dataDirectory, ShortAcceptance))
        {
            using var hotel = await host.CreateClientAsync(Accounts.Hotel());
            using var reported = await hotel.PostAsJsonAsync("/api/concerns", Reports.FromHotel(), HostFixture.Json);
            var report = (await reported.Content.ReadFromJsonAsync<ReportStatus>(HostFixture.Json))!;
            using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
            using var triaged = await coordinator.PostAsync($"/api/concerns/{report.Id}/triage", null);
            assigned = (await triaged.Content.ReadFromJsonAsync<ConcernSummary>(HostFixture.Json))!;
            Assert.Equal(ConcernStatus.Assigned, assigned.Status);
            // Killed inside the acceptance window: nothing in this process's memory can move the concern on.
            await host.CrashAsync();
        }

        await using var restarted = await HostProcess.StartAsync(_dataDirectory, ShortAcceptance);
        using var coordinatorAgain = await restarted.CreateClientAsync(Accounts.Coordinator());
        await using var live = await restarted.ConnectAsync(Accounts.Coordinator());

        var details = (await coordinatorAgain.GetFromJsonAsync<ConcernDetails>($"/api/concerns/{assigned.Id}", HostFixture.Json))!;
        if (!details.Timeline.Any(e => e.Type == "concern.acceptance-timed-out"))
        {
            // Not yet scanned: the timeout arrives live.
            await live.Deltas.WaitForAsync(Audiences.Coordinators, "concern.acceptance-timed-out", assigned.Id);
            details = (await coordinatorAgain.GetFromJsonAsync<ConcernDetails>($"/api/concerns/{assigned.Id}", HostFixture.Json))!;
        }

        var timedOut = details.Timeline.First(e => e.Type == "concern.acceptance-timed-out");
        Assert.Equal(assigned.AssignedTo, timedOut.Detail);
        Assert.True(timedOut.At >= assigned.AcceptBy, "Timed out no earlier than the acceptance deadline.");
        Assert.NotEqual(assigned.AssignedTo, details.Summary.AssignedTo);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
