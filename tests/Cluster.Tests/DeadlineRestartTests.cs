using System.Net.Http.Json;
using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;
using Coordination.Silo.Tests;
using Coordination.Silo.Tests.Live;

namespace Coordination.Cluster.Tests;

/// <summary>
/// Deadlines on PostgreSQL survive a kill: an alert sent and an assignment offered just before the host dies
/// still remind, escalate and time out once a host runs again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DeadlineRestartTests(ClusterDatabases databases)
{
    private static readonly Dictionary<string, string> ShortDeadlines = new()
    {
        ["Alerts__Timing__Critical__Reminder"] = "00:00:02",
        ["Alerts__Timing__Critical__Escalation"] = "00:00:03",
        ["Concerns__Deadlines__Normal__Acceptance"] = "00:00:03",
    };

    [Fact]
    public async Task AlertAndAssignmentDeadlinesSetBeforeAKillFireAfterTheRestart()
    {
        var cluster = await databases.CreateAsync("deadlines");
        var silo = HostPorts.Free();
        AlertView alert;
        ConcernSummary assigned;
        await using (var host = await ClusterHost.StartAsync("before", cluster, silo, ShortDeadlines))
        {
            using var coordinator = host.CreateClient(await host.SignInAsync(Accounts.Coordinator()));
            using var hotel = host.CreateClient(await host.SignInAsync(Accounts.Hotel()));
            using var sent = await coordinator.PostAsJsonAsync("/api/alerts", new
            {
                title = "Kritiskt läge i Centrum",
                message = "Kvittera när ni har läst.",
                severity = "Critical",
                organisationIds = new[] { Accounts.HotelOrganisation },
            });
            alert = (await sent.Content.ReadFromJsonAsync<AlertView>(HostFixture.Json))!;
            using var reported = await hotel.PostAsJsonAsync("/api/concerns", Reports.FromHotel(), HostFixture.Json);
            var report = (await reported.Content.ReadFromJsonAsync<ReportStatus>(HostFixture.Json))!;
            using var triaged = await coordinator.PostAsync($"/api/concerns/{report.Id}/triage", null);
            assigned = (await triaged.Content.ReadFromJsonAsync<ConcernSummary>(HostFixture.Json))!;
            Assert.Equal(ConcernStatus.Assigned, assigned.Status);
            await host.KillAsync();
        }

        await using var restarted = await ClusterHost.StartAsync("after", cluster, silo with { Http = FreePorts.Next() }, ShortDeadlines);
        using var again = restarted.CreateClient(await restarted.SignInAsync(Accounts.Coordinator()));
        await using var live = await restarted.ConnectAsync(await restarted.SignInAsync(Accounts.Coordinator()));

        var progress = (await again.GetFromJsonAsync<AlertView>($"/api/alerts/{alert.Id}/progress", HostFixture.Json))!;
        if (progress.EscalatedAt is null)
        {
            await live.Deltas.WaitForAsync("the escalation", d => d.Type == "alert.escalated" && d.Delta.Data.GetProperty("id").GetGuid() == alert.Id);
            progress = (await again.GetFromJsonAsync<AlertView>($"/api/alerts/{alert.Id}/progress", HostFixture.Json))!;
        }

        var details = (await again.GetFromJsonAsync<ConcernDetails>($"/api/concerns/{assigned.Id}", HostFixture.Json))!;
        if (!details.Timeline.Any(e => e.Type == "concern.acceptance-timed-out"))
        {
            await live.Deltas.WaitForAsync("the acceptance timeout", d => d.Type == "concern.acceptance-timed-out" && d.ConcernId == assigned.Id);
            details = (await again.GetFromJsonAsync<ConcernDetails>($"/api/concerns/{assigned.Id}", HostFixture.Json))!;
        }

        Assert.NotNull(progress.RemindedAt);
        Assert.True(progress.EscalatedAt >= alert.SentAt + TimeSpan.FromSeconds(3), "Escalated no earlier than its interval.");
        var timedOut = details.Timeline.First(e => e.Type == "concern.acceptance-timed-out");
        Assert.Equal(assigned.AssignedTo, timedOut.Detail);
        Assert.True(timedOut.At >= assigned.AcceptBy, "Timed out no earlier than the acceptance deadline.");
    }
}
