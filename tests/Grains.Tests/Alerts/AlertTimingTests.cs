using Coordination.Grains.Alerts;
using Coordination.Silo.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Tests.Alerts;

/// <summary>Reminder and escalation intervals per tenant (Alerts:Timing:Tenants), as bound, checked and followed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertTimingTests(ClusterFixture fixture)
{
    private static readonly AlertDraft CriticalToHotel =
        new("Ökad risk i natt", "Var uppmärksamma på tecknen.", AlertSeverity.Critical, [], [], ["hotell-exempelgarden"], null);

    private IAlertGrain Alert(string tenant, Guid id) => fixture.Grains.GetGrain<IAlertGrain>(GrainKeys.For(tenant, id));

    [Fact]
    public async Task TwoTenants_RemindAndEscalateEachAtTheirOwnIntervals()
    {
        var brisk = ClusterFixture.Timing.For(ClusterFixture.BriskTenant, AlertSeverity.Critical);
        var standard = ClusterFixture.Timing.For(ClusterFixture.Tenant, AlertSeverity.Critical);
        Assert.True(brisk.Escalation < standard.Reminder, "The test needs the brisk tenant to escalate before the other one reminds.");
        var (briskId, standardId) = (Guid.NewGuid(), Guid.NewGuid());
        var sent = (await Alert(ClusterFixture.BriskTenant, briskId).Send(People.Coordinator(ClusterFixture.BriskTenant), CriticalToHotel)).SentAt;
        await Alert(ClusterFixture.Tenant, standardId).Send(People.Coordinator(), CriticalToHotel);

        await fixture.AdvanceAndAwaitDeadlinesAsync(brisk.Reminder);
        var briskReminded = await Alert(ClusterFixture.BriskTenant, briskId).GetProgress(People.Coordinator(ClusterFixture.BriskTenant));
        Assert.Equal(sent + brisk.Reminder, briskReminded.RemindedAt);
        Assert.Null(briskReminded.EscalatedAt);
        Assert.Null((await Alert(ClusterFixture.Tenant, standardId).GetProgress(People.Coordinator())).RemindedAt);

        await fixture.AdvanceAndAwaitDeadlinesAsync(brisk.Escalation - brisk.Reminder);
        Assert.Equal(sent + brisk.Escalation,
            (await Alert(ClusterFixture.BriskTenant, briskId).GetProgress(People.Coordinator(ClusterFixture.BriskTenant))).EscalatedAt);
        Assert.Null((await Alert(ClusterFixture.Tenant, standardId).GetProgress(People.Coordinator())).RemindedAt);

        await fixture.AdvanceAndAwaitDeadlinesAsync(standard.Reminder - brisk.Escalation);
        var standardReminded = await Alert(ClusterFixture.Tenant, standardId).GetProgress(People.Coordinator());
        Assert.Equal(sent + standard.Reminder, standardReminded.RemindedAt);
        Assert.Null(standardReminded.EscalatedAt);
    }

    [Fact]
    public async Task ReminderAndEscalation_FallDueTheirIntervalAfterTheAlertShowsAsSent()
    {
        var timing = ClusterFixture.Timing.For(ClusterFixture.Tenant, AlertSeverity.Critical);
        var id = Guid.NewGuid();
        AlertView sent;
        // A clock that moves on at every reading, as a real one does between two readings while the alert is sent.
        fixture.Clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        try
        {
            sent = await Alert(ClusterFixture.Tenant, id).Send(People.Coordinator(), CriticalToHotel);
        }
        finally
        {
            fixture.Clock.AutoAdvanceAmount = TimeSpan.Zero;
        }

        var deadlines = (await fixture.Store.ReadDueDeadlinesAsync(sent.SentAt + timing.Escalation, 100_000))
            .Where(d => d.Stream == $"alert/{id:N}")
            .ToDictionary(d => d.Kind, d => d.DueAt);
        Assert.Equal(sent.SentAt + timing.Reminder, deadlines[AlertRules.RemindKind]);
        Assert.Equal(sent.SentAt + timing.Escalation, deadlines[AlertRules.EscalateKind]);
    }

    [Fact]
    public void ATenantsOverride_ReplacesOnlyTheValuesItNames()
    {
        var timing = Bind(new()
        {
            ["Alerts:Timing:Critical:Reminder"] = "00:04:00",
            ["Alerts:Timing:Tenants:raskby:Critical:Reminder"] = "00:01:00",
            ["Alerts:Timing:Tenants:raskby:Warning:Escalation"] = "01:00:00",
        });

        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15)), Intervals(timing.For("raskby", AlertSeverity.Critical)));
        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)), Intervals(timing.For("raskby", AlertSeverity.Warning)));
        Assert.Equal((TimeSpan.FromHours(4), TimeSpan.FromHours(24)), Intervals(timing.For("raskby", AlertSeverity.Info)));
        Assert.Equal((TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(15)), Intervals(timing.For("helsingborg", AlertSeverity.Critical)));
    }

    [Theory]
    [InlineData("Alerts:Timing:Tenants:raskby:Critical:Reminder", "00:20:00", "Alerts:Timing:Tenants:raskby:Critical")]
    [InlineData("Alerts:Timing:Tenants:raskby:Info:Reminder", "-00:01:00", "Alerts:Timing:Tenants:raskby:Info:Reminder")]
    [InlineData("Alerts:Timing:Warning:Escalation", "00:30:00", "Alerts:Timing:Warning")]
    public void AReminderThatIsNotPositiveOrNotBeforeTheEscalation_StopsTheStart_NamingItsSetting(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The options as the host binds and validates them.</summary>
    private static AlertTimingOptions Bind(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCoordinationAlerts();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<AlertTimingOptions>>().Value;
    }

    private static (TimeSpan, TimeSpan) Intervals(SeverityTiming timing) => (timing.Reminder, timing.Escalation);
}
