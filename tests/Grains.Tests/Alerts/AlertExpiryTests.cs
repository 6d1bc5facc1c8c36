using Coordination.Grains.Alerts;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;

namespace Coordination.Grains.Tests.Alerts;

[Collection(ClusterCollection.Name)]
public sealed class AlertExpiryTests(ClusterFixture fixture)
{
    private IAlertGrain Alert(Guid id) => fixture.Grains.GetGrain<IAlertGrain>(GrainKeys.For(ClusterFixture.Tenant, id));

    private AlertDraft Draft(AlertSeverity severity, TimeSpan expiresIn, params string[] organisations) =>
        new("Ökad risk i helgen", "Var uppmärksamma på tecknen.", severity, [], [], organisations, fixture.Clock.GetUtcNow() + expiresIn);

    /// <summary>Something of its own for the deadline scanners to fire, so that a test has a signal to await.</summary>
    private Task SendSignalAlertAsync() =>
        Alert(Guid.NewGuid()).Send(People.Coordinator(), new AlertDraft("Signal", "Signal", AlertSeverity.Critical, [], [], ["taxi-fiktiva"], null));

    [Fact]
    public async Task AlertPastItsExpiry_EndsAsExpired_LeavesTheOpenAlerts_AndIsNeverEscalated()
    {
        var id = Guid.NewGuid();
        var timing = new AlertTimingOptions().Warning;
        // Reminded at 30 minutes, expired at one hour: the escalation at two hours is never set.
        await Alert(id).Send(People.Coordinator(), Draft(AlertSeverity.Warning, TimeSpan.FromHours(1), "hotell-exempelgarden", "hotell-sundsutsikten"));

        await fixture.AdvanceAndAwaitDeadlinesAsync(TimeSpan.FromHours(1));

        var expired = await Alert(id).GetProgress(People.Coordinator());
        Assert.Equal(AlertStatus.Expired, expired.Status);
        Assert.NotNull(expired.RemindedAt);
        Assert.DoesNotContain(await fixture.Store.ListOpenAlertsAsync(ClusterFixture.Tenant, null), a => a.Id == id);
        Assert.DoesNotContain(await fixture.Store.ListOpenAlertsAsync(ClusterFixture.Tenant, "hotell-exempelgarden"), a => a.Id == id);
        Assert.False((await Alert(id).GetForOrganisation(People.HotelMember())).NeedsAcknowledgement);
        await Assert.ThrowsAsync<ConflictException>(() => Alert(id).Acknowledge(People.HotelMember(), "Hanna", null));

        await SendSignalAlertAsync();
        await fixture.AdvanceAndAwaitDeadlinesAsync(timing.Escalation);

        var later = await Alert(id).GetProgress(People.Coordinator());
        Assert.Equal(AlertStatus.Expired, later.Status);
        Assert.Null(later.EscalatedAt);
        var open = await fixture.Store.ListOpenAlertsAsync(ClusterFixture.Tenant, "socialtjansten");
        Assert.DoesNotContain(open, a => a.IsSystem && a.Message.Contains(later.Reference, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EscalatedAlert_AndAlertAcknowledgedByEveryone_StillExpire()
    {
        var escalating = Guid.NewGuid();
        var acknowledged = Guid.NewGuid();
        var timing = new AlertTimingOptions().Critical;
        await Alert(escalating).Send(People.Coordinator(), Draft(AlertSeverity.Critical, TimeSpan.FromHours(1), "hotell-exempelgarden"));
        await Alert(acknowledged).Send(People.Coordinator(), Draft(AlertSeverity.Critical, TimeSpan.FromHours(1), "fastighet-pahittet"));
        await Alert(acknowledged).Acknowledge(People.PropertyMember(), "Fia Förvaltare", null);

        await fixture.AdvanceAndAwaitDeadlinesAsync(timing.Escalation);
        var escalated = await Alert(escalating).GetProgress(People.Coordinator());
        Assert.NotNull(escalated.EscalatedAt);
        Assert.Equal(AlertStatus.Open, escalated.Status);

        await fixture.AdvanceAndAwaitDeadlinesAsync(TimeSpan.FromHours(1) - timing.Escalation);

        Assert.Equal(AlertStatus.Expired, (await Alert(escalating).GetProgress(People.Coordinator())).Status);
        Assert.Equal(AlertStatus.Expired, (await Alert(acknowledged).GetProgress(People.Coordinator())).Status);
    }

    [Fact]
    public async Task CoordinatorsWithdrawOrClose_OnlyTheExpiryExpires()
    {
        var id = Guid.NewGuid();
        await Alert(id).Send(People.Coordinator(), Draft(AlertSeverity.Info, TimeSpan.FromDays(1), "hotell-exempelgarden"));

        var error = await Assert.ThrowsAsync<ValidationException>(() => Alert(id).End(People.Coordinator(), AlertStatus.Expired, null));

        Assert.Equal("status", error.Field);
        Assert.Equal(AlertStatus.Open, (await Alert(id).GetProgress(People.Coordinator())).Status);
    }

    [Fact]
    public void ReminderAndEscalationAtOrAfterTheExpiry_AreNotSet()
    {
        var now = new DateTimeOffset(2026, 3, 6, 18, 0, 0, TimeSpan.Zero);
        var timing = new SeverityTiming { Reminder = TimeSpan.FromMinutes(30), Escalation = TimeSpan.FromHours(2) };

        var beforeEscalation = AlertRules.InitialDeadlines(now, timing, now.AddHours(1), isSystem: false);
        var atReminder = AlertRules.InitialDeadlines(now, timing, now.AddMinutes(30), isSystem: false);
        var noExpiry = AlertRules.InitialDeadlines(now, timing, null, isSystem: false);

        Assert.Equal([new(AlertRules.RemindKind, now.AddMinutes(30)), new(AlertRules.ExpireKind, now.AddHours(1))], beforeEscalation);
        Assert.Equal([new(AlertRules.ExpireKind, now.AddMinutes(30))], atReminder);
        Assert.Equal([AlertRules.RemindKind, AlertRules.EscalateKind], noExpiry.Select(d => d.Kind));
    }
}
