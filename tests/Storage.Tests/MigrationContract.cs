using Coordination.Silo.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Coordination.Silo.Demo;
using Coordination.Silo.Extensions;

namespace Coordination.Storage.Tests;

/// <summary>The schema steps, the start-up check and the Data Protection key store, on each provider.</summary>
public abstract class MigrationContract<TSuite>(TSuite suite) : IClassFixture<TSuite>
    where TSuite : StorageSuite
{
    [Fact]
    public async Task MigratingTwice_LeavesTheSchemaUnchanged()
    {
        var database = await suite.CreateDatabaseAsync("twice");
        var migrator = suite.StorageServices(database).GetRequiredService<SchemaMigrator>();

        await migrator.MigrateAsync();
        var once = await Catalogue.DumpAsync(database);
        await migrator.MigrateAsync();
        var twice = await Catalogue.DumpAsync(database);

        Assert.Equal(once, twice);
        Assert.Equal(migrator.LatestVersion, await migrator.ReadVersionAsync());
        Assert.Empty(await migrator.ReadPendingStepsAsync());
        if (suite.Provider == DatabaseProvider.PostgreSql)
        {
            Assert.Contains("CleanupDefunctSiloEntriesKey", once, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheProvidersGetTheirOwnSteps_AllRecorded()
    {
        var migrator = suite.Services.GetRequiredService<SchemaMigrator>();
        var steps = migrator.Steps.Select(s => $"{s.Version} {s.Name}").ToList();
        Assert.Equal(["1 orleans-storage", "2 coordination-events", "3 accounts-and-directory", "4 data-protection-keys"], steps.Take(4));
        Assert.Equal(migrator.Steps.Select(s => s.Version).Order().Distinct(), migrator.Steps.Select(s => s.Version));
        // Orleans has no SQLite clustering or reminders: those steps are PostgreSQL's alone.
        var clusterSteps = new[] { "5 orleans-clustering", "6 orleans-reminders" };
        if (suite.Provider == DatabaseProvider.PostgreSql)
        {
            Assert.Superset(clusterSteps.ToHashSet(), steps.ToHashSet());
        }
        else
        {
            Assert.Empty(steps.Intersect(clusterSteps));
        }

        var recorded = new List<string>();
        await using var connection = await suite.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name FROM coordination_schema ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            recorded.Add($"{Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)} {reader.GetString(1)}");
        }

        Assert.Equal(steps, recorded);
    }

    [Fact]
    public async Task TheHandWrittenScripts_RunAgain_WithoutChangingAnything()
    {
        var database = await suite.CreateDatabaseAsync("rerun");
        var migrator = suite.StorageServices(database).GetRequiredService<SchemaMigrator>();
        await migrator.MigrateAsync();
        var before = await Catalogue.DumpAsync(database);

        // Step 3 is EF Core's create script, recorded and never rerun; every other step is idempotent SQL.
        foreach (var step in migrator.Steps.Where(s => s.Version != 3))
        {
            await Catalogue.RunScriptAsync(database, await migrator.ScriptAsync(step));
        }

        Assert.Equal(before, await Catalogue.DumpAsync(database));
    }

    [Fact]
    public async Task AnOlderSchema_IsRefusedWithTheMigrateCommandNamed()
    {
        var database = await suite.CreateDatabaseAsync("older");
        var migrator = suite.StorageServices(database).GetRequiredService<SchemaMigrator>();

        var empty = await Assert.ThrowsAsync<SchemaOutdatedException>(() => migrator.EnsureCurrentAsync());
        Assert.Equal(0, empty.Version);
        Assert.Contains("'migrate'", empty.Message, StringComparison.Ordinal);

        var previous = migrator.Steps[^2].Version;
        await migrator.MigrateAsync(upToVersion: previous);
        var older = await Assert.ThrowsAsync<SchemaOutdatedException>(() => migrator.EnsureCurrentAsync());
        Assert.Equal((previous, migrator.LatestVersion), (older.Version, older.Needed));
        Assert.Equal([migrator.LatestVersion], older.Pending.Select(s => s.Version));

        await migrator.MigrateAsync();
        await migrator.EnsureCurrentAsync();
    }

    [Fact]
    public async Task DataProtectionKeys_WrittenByOneHost_AreReadByAnother()
    {
        var (first, firstHost) = await DataProtectionHostAsync();
        using var _ = firstHost;
        var protectedText = first.CreateProtector("storage-tests").Protect("a cookie's content");

        var (second, secondHost) = await DataProtectionHostAsync();
        using var __ = secondHost;
        if (suite.Provider == DatabaseProvider.PostgreSql)
        {
            // Cluster mode: the second replica knows the key only through the database.
            Assert.Equal("a cookie's content", second.CreateProtector("storage-tests").Unprotect(protectedText));
            Assert.True(await Catalogue.CountAsync(suite.Database, "SELECT COUNT(*) FROM \"DataProtectionKeys\"") >= 1);
        }
        else
        {
            // Embedded mode: the keys stay in files beside the SQLite database, as before.
            Assert.Equal("a cookie's content", second.CreateProtector("storage-tests").Unprotect(protectedText));
            Assert.Equal(0, await Catalogue.CountAsync(suite.Database, "SELECT COUNT(*) FROM \"DataProtectionKeys\""));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(Path.GetDirectoryName(suite.Database.FilePath)!, "keys")));
        }
    }

    [Fact]
    public async Task AccountsAndTheDirectory_WorkOnTheProvider()
    {
        var (_, host) = await DataProtectionHostAsync();
        using var _ = host;
        var tenant = DemoData.For($"t{Guid.NewGuid():N}"[..12], "Prövstad");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            await seeder.SeedAsync(tenant);
            await seeder.SeedAsync(tenant);
            Assert.Equal(tenant.Accounts.Count, (await seeder.FindAccountsWithDemoPasswordAsync(tenant)).Count);
        }

        var directory = host.Services.GetRequiredService<OrganisationDirectory>();
        var organisations = await directory.ListAsync(tenant.Id);
        Assert.Equal(tenant.Organisations.Select(o => o.Id).Order(), organisations.Select(o => o.Id).Order());
        Assert.Equal(tenant.Areas.Order(), (await directory.GetAreasAsync(tenant.Id)).Order());
        var first = tenant.Organisations[0];
        Assert.Equal(first.Areas, (await directory.FindAsync(tenant.Id, first.Id))!.Areas);
    }

    /// <summary>The host's own auth wiring (AddCoordinationAuth) on the suite's database.</summary>
    private async Task<(IDataProtectionProvider Provider, IHost Host)> DataProtectionHostAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:PostgreSql"] = suite.Provider == DatabaseProvider.PostgreSql ? suite.Database.ConnectionString : null,
            ["Storage:DataDirectory"] = suite.Database.FilePath is { } file ? Path.GetDirectoryName(file) : "unused",
        });
        var database = builder.AddCoordinationStorage();
        builder.AddCoordinationAuth(database);
        var host = builder.Build();
        await Task.CompletedTask;
        return (host.Services.GetRequiredService<IDataProtectionProvider>(), host);
    }
}

public sealed class SqliteMigrationContract(SqliteSuite suite) : MigrationContract<SqliteSuite>(suite);

public sealed class PostgreSqlMigrationContract(PostgresSuite suite) : MigrationContract<PostgresSuite>(suite);
