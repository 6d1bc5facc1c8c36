using System.Text.Json;
using Coordination.Grains.Alerts;
using Coordination.Grains.Partners;
using Coordination.Grains.Storage;
using Coordination.Silo.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Storage.Tests;

/// <summary>The acknowledgements behind the mean time to acknowledge, on each database provider.</summary>
public abstract class AlertAcknowledgementContract<TSuite>(TSuite suite) : IClassFixture<TSuite>
    where TSuite : StorageSuite
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowStart = Morning - AlertFigures.Window;

    [Fact]
    public async Task AcknowledgementTimes_AreTotalledPerOrganisationAndKind_ForAlertsSentInTheWindow()
    {
        var tenant = NewTenant();
        var first = Alert(Morning, ("hotel-1", PartnerKind.Hotel), ("hotel-2", PartnerKind.Hotel), ("taxi-1", PartnerKind.TaxiCompany));
        await AppendAsync(tenant, first);
        first = await AcknowledgeAsync(tenant, first, "hotel-1", TimeSpan.FromSeconds(60));
        // A later change writes the alert's row again: hotel-1's acknowledgement still counts once.
        await AcknowledgeAsync(tenant, first, "taxi-1", TimeSpan.FromMinutes(5));
        var second = Alert(Morning.AddHours(1), ("hotel-1", PartnerKind.Hotel), ("hotel-2", PartnerKind.Hotel));
        await AppendAsync(tenant, second);
        second = await AcknowledgeAsync(tenant, second, "hotel-2", TimeSpan.FromMilliseconds(120_300));
        await AcknowledgeAsync(tenant, second, "hotel-1", TimeSpan.FromMilliseconds(179_700));
        // Sent before the window: left out, however late it was acknowledged.
        var old = Alert(WindowStart.AddMinutes(-1), ("hotel-1", PartnerKind.Hotel));
        await AppendAsync(tenant, old);
        await AcknowledgeAsync(tenant, old, "hotel-1", TimeSpan.FromHours(10));
        // Another tenant's acknowledgement.
        var other = NewTenant();
        var elsewhere = Alert(Morning, ("hotel-1", PartnerKind.Hotel));
        await AppendAsync(other, elsewhere);
        await AcknowledgeAsync(other, elsewhere, "hotel-1", TimeSpan.FromHours(1));

        var totals = await suite.Events.ReadAcknowledgementTotalsAsync(tenant, WindowStart);

        Assert.Equal(
        [
            new AcknowledgementTotal("hotel-1", "Hotel", 2, TimeSpan.FromMilliseconds(239_700)),
            new AcknowledgementTotal("hotel-2", "Hotel", 1, TimeSpan.FromMilliseconds(120_300)),
            new AcknowledgementTotal("taxi-1", "TaxiCompany", 1, TimeSpan.FromMinutes(5)),
        ], totals);
        var figures = AlertFigures.Compute(WindowStart, [], [], totals);
        Assert.Equal(
        [
            new KindAlertFigures(PartnerKind.Hotel, 3, TimeSpan.FromMinutes(2)),
            new KindAlertFigures(PartnerKind.TaxiCompany, 1, TimeSpan.FromMinutes(5)),
        ], figures.ByKind);
        Assert.Empty(await suite.Events.ReadAcknowledgementTotalsAsync(tenant, Morning.AddHours(2)));
    }

    [Fact]
    public async Task AcknowledgementsMadeBeforeTheirTable_AreTakenFromTheAlertReadModel()
    {
        var database = await suite.CreateDatabaseAsync("acknowledgements");
        var services = suite.StorageServices(database);
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var step = migrator.Steps.Single(s => s.Name == "alert-acknowledgements");
        await migrator.MigrateAsync(upToVersion: step.Version - 1);
        var tenant = NewTenant();
        var alert = Alert(Morning, ("hotel-1", PartnerKind.Hotel), ("taxi-1", PartnerKind.TaxiCompany));
        alert = Acknowledged(alert, "hotel-1", TimeSpan.FromMilliseconds(90_250));
        // The alert row as a host before this step wrote it.
        await Catalogue.ExecuteAsync(database, """
            INSERT INTO coordination_alerts (tenant, alert_id, is_open, sent_at, view) VALUES (@tenant, @id, @open, @sentAt, @view)
            """, ("tenant", tenant), ("id", alert.Id.ToString("N")), ("open", true), ("sentAt", alert.SentAt),
            ("view", JsonSerializer.Serialize(alert, StoreJson.Options)));

        await migrator.MigrateAsync();
        await Catalogue.RunScriptAsync(database, await migrator.ScriptAsync(step));

        var store = services.GetRequiredService<IEventStore>();
        Assert.Equal([new AcknowledgementTotal("hotel-1", "Hotel", 1, TimeSpan.FromMilliseconds(90_250))],
            await store.ReadAcknowledgementTotalsAsync(tenant, WindowStart));
    }

    private static AlertView Alert(DateTimeOffset sentAt, params (string Id, PartnerKind Kind)[] organisations) =>
        new(Guid.NewGuid(), "LARM-1", "Ökad risk", "Var uppmärksamma.", AlertSeverity.Warning, AlertStatus.Open, sentAt, null, null,
            [.. organisations.Select(o => new OrganisationProgress(o.Id, o.Id, o.Kind.ToString(), null, null, null, null, null))]);

    private static AlertView Acknowledged(AlertView alert, string organisationId, TimeSpan after) => alert with
    {
        Organisations = [.. alert.Organisations.Select(o => o.OrganisationId == organisationId
            ? o with { AcknowledgedAt = alert.SentAt + after, AcknowledgedBy = "Hanna" }
            : o)],
    };

    private async Task AppendAsync(string tenant, AlertView alert)
    {
        var stream = $"alert/{alert.Id:N}";
        var version = (await suite.Events.ReadSnapshotAsync(tenant, stream))?.Version ?? 0;
        await suite.Events.AppendAsync(new AppendRequest(tenant, stream, version,
            [new NewEvent("alert.changed", "actor", alert.SentAt, "{}")], "{}", null, [])
        {
            AlertIndex = new AlertIndexRow(alert, [.. alert.Organisations.Select(o => o.OrganisationId)]),
        });
    }

    private async Task<AlertView> AcknowledgeAsync(string tenant, AlertView alert, string organisationId, TimeSpan after)
    {
        var acknowledged = Acknowledged(alert, organisationId, after);
        await AppendAsync(tenant, acknowledged);
        return acknowledged;
    }

    private static string NewTenant() => $"t{Guid.NewGuid():N}"[..12];
}

public sealed class SqliteAlertAcknowledgementContract(SqliteSuite suite) : AlertAcknowledgementContract<SqliteSuite>(suite);

public sealed class PostgreSqlAlertAcknowledgementContract(PostgresSuite suite) : AlertAcknowledgementContract<PostgresSuite>(suite);
