using Coordination.Grains.OnCall;
using Coordination.Grains.Partners;
using Coordination.Grains.Storage;
using Coordination.Silo.Demo;
using Coordination.Silo.Options;
using Coordination.Silo.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coordination.Silo.Extensions;

public static class StorageExtensions
{
    /// <summary>The database of the chosen mode, the event store, the directory and the schema migrator.</summary>
    public static CoordinationDatabase AddCoordinationStorage(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var database = new CoordinationDatabase(options, builder.Environment.ContentRootPath);
        builder.Services.AddCoordinationStorage(database);
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        return database;
    }

    /// <summary>The storage services alone, for hosts without a web builder (the grain test cluster).</summary>
    public static IServiceCollection AddCoordinationStorage(this IServiceCollection services, CoordinationDatabase database)
    {
        services.AddSingleton(database);
        services.AddDbContextFactory<CoordinationDbContext>(db => UseDatabase(db, database));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<CoordinationDbContext>>().CreateDbContext());
        // The Data Protection key ring's store in cluster mode (PersistKeysToDbContext resolves it per scope).
        services.AddDbContext<DataProtectionDbContext>(db => UseDatabase(db, database));
        services.AddMemoryCache();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IEventStore, SqlEventStore>();
        services.AddSingleton<OrganisationDirectory>();
        services.AddSingleton<IOrganisationDirectory>(sp => sp.GetRequiredService<OrganisationDirectory>());
        services.AddSingleton<WorkerDirectory>();
        services.AddSingleton<IWorkerDirectory>(sp => sp.GetRequiredService<WorkerDirectory>());
        services.AddSingleton<SchemaMigrator>();
        services.AddScoped<DemoSeeder>();
        return services;
    }

    /// <summary>
    /// Before the silo starts: bring the schema up to date (embedded mode) or refuse an old schema (cluster
    /// mode, where the migration command does it), then seed demo data or refuse demo passwords.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<CoordinationDatabase>();
        var migrator = app.Services.GetRequiredService<SchemaMigrator>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await migrator.MigrateAsync();
        }
        else
        {
            // Replicas never migrate on their own: the migration command does, once (SchemaOutdatedException).
            await migrator.EnsureCurrentAsync();
        }

        var demo = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        var tenant = DemoData.For(DemoData.DefaultTenant, "Helsingborg");
        if (demo.Enabled)
        {
            await seeder.SeedAsync(tenant);
            PrintDemoAccounts(tenant, database);
            return;
        }

        var exposed = await seeder.FindAccountsWithDemoPasswordAsync(tenant);
        if (exposed.Count > 0)
        {
            throw new InvalidOperationException(
                $"{exposed.Count} account(s) still have the published demo password, and demo mode (Demo:Enabled) is off. " +
                "Change their passwords or remove them before running outside demo mode.");
        }
    }

    private static void UseDatabase(DbContextOptionsBuilder db, CoordinationDatabase database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            db.UseSqlite(database.ConnectionString);
        }
        else
        {
            db.UseNpgsql(database.ConnectionString);
        }
    }

    private static void PrintDemoAccounts(DemoData.DemoTenant tenant, CoordinationDatabase database)
    {
        Console.WriteLine();
        Console.WriteLine($"Demo mode: tenant '{tenant.Id}'. Every demo account's password is {DemoData.Password}");
        foreach (var account in tenant.Accounts)
        {
            Console.WriteLine($"  {account.Role,-14} {account.Email,-45} {account.DisplayName}");
        }

        Console.WriteLine($"Data: {database.FilePath ?? "PostgreSQL"}");
        Console.WriteLine();
    }
}
