using System.Net;
using System.Net.Http.Json;
using Coordination.Grains.Alerts;
using Coordination.Silo.Tests.Live;

namespace Coordination.Silo.Tests.Durability;

/// <summary>Reminders and escalation are durable: a host killed after sending still reminds and escalates after it restarts.</summary>
public sealed class AlertEscalationRestartTests : IDisposable
{
    private static readonly Dictionary<string, string> ShortTiming = new()
    {
        ["Alerts__Timing__Critical__Reminder"] = "00:00:02",
        ["Alerts__Timing__Critical__Escalation"] = "00:00:03",
    };

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"coordination-escalation-{Guid.NewGuid():N}");

    [Fact]
    public async Task AlertSentBeforeAKill_RemindsAndEscalatesAfterTheRestart()
    {
        AlertView sent;
        await using (var host = await HostProcess.StartAsync(_dataDirectory, ShortTiming))
        {
            using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
            using var response = await coordinator.PostAsJsonAsync("/api/alerts", new
            {
                title = "Kritiskt läge i Centrum",
                message = "Kvittera när ni har läst.",
                severity = "Critical",
                organisationIds = new[] { Accounts.HotelOrganisation },
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            sent = (await response.Content.ReadFromJsonAsync<AlertView>(HostFixture.Json))!;
            // Killed well before the reminder is due: nothing in this process's memory can remind anyone.
            await host.CrashAsync();
        }

        await using var restarted = await HostProcess.StartAsync(_dataDirectory, ShortTiming);
        using var coordinatorAgain = await restarted.CreateClientAsync(Accounts.Coordinator());
        await using var live = await restarted.ConnectAsync(Accounts.Coordinator());

        var progress = (await coordinatorAgain.GetFromJsonAsync<AlertView>($"/api/alerts/{sent.Id}/progress", HostFixture.Json))!;
        if (progress.EscalatedAt is null)
        {
            // Not yet scanned: the escalation arrives live.
            await live.Deltas.WaitForAsync("the escalation", delta =>
                delta.Type == "alert.escalated" && delta.Delta.Data.GetProperty("id").GetGuid() == sent.Id);
            progress = (await coordinatorAgain.GetFromJsonAsync<AlertView>($"/api/alerts/{sent.Id}/progress", HostFixture.Json))!;
        }

        Assert.NotNull(progress.RemindedAt);
        Assert.NotNull(progress.EscalatedAt);
        Assert.True(progress.EscalatedAt >= sent.SentAt + TimeSpan.FromSeconds(3), "Escalated no earlier than its interval.");
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
