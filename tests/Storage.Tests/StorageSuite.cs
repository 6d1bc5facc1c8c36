using Coordination.Grains.Storage;
using Coordination.Silo.Extensions;
using Coordination.Silo.Options;
using Coordination.Silo.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Coordination.Storage.Tests;

/// <summary>
/// One provider's storage for a suite: a migrated database with the host's storage services on it and,
/// when a test asks, a minimal silo whose grain storage is the host's ADO.NET provider on that database.
/// </summary>
public abstract class StorageSuite : IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly SemaphoreSlim _siloGate = new(1, 1);
    private IHost? _silo;

    public DatabaseProvider Provider { get; protected init; }

    /// <summary>The suite's database, migrated.</summary>
    public CoordinationDatabase Database { get; private set; } = null!;

    public IServiceProvider Services { get; private set; } = null!;

    public IEventStore Events => Services.GetRequiredService<IEventStore>();

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        Database = await CreateDatabaseAsync("contract");
        Services = StorageServices(Database);
        await Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.StopAsync();
            _silo.Dispose();
        }

        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await CleanUpAsync();
    }

    /// <summary>Another empty database of this provider, for tests that migrate from nothing.</summary>
    public abstract Task<CoordinationDatabase> CreateDatabaseAsync(string purpose);

    /// <summary>The host's storage services (event store, migrator, contexts) on a database.</summary>
    public IServiceProvider StorageServices(CoordinationDatabase database)
    {
        var provider = new ServiceCollection()
            .AddLogging()
            .AddCoordinationStorage(database)
            .BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    /// <summary>A one-silo host (localhost clustering) with the coordination grain storage on the suite's database.</summary>
    public async Task<IHost> SiloAsync()
    {
        await _siloGate.WaitAsync();
        try
        {
            if (_silo is null)
            {
                var silo = new HostBuilder()
                    .UseOrleans(orleans =>
                    {
                        orleans.UseLocalhostClustering(FreePorts.Next(), FreePorts.Next(), serviceId: "storage-tests", clusterId: $"storage-{Provider}");
                        orleans.AddCoordinationGrainStorage(Database);
                    })
                    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
                    .Build();
                await silo.StartAsync();
                _silo = silo;
            }

            return _silo;
        }
        finally
        {
            _siloGate.Release();
        }
    }

    public async Task<IGrainStorage> GrainStorageAsync() =>
        (await SiloAsync()).Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);

    public async Task<IGrainFactory> GrainsAsync() =>
        (await SiloAsync()).Services.GetRequiredService<IGrainFactory>();

    protected virtual Task PrepareAsync() => Task.CompletedTask;

    protected abstract Task CleanUpAsync();
}

public sealed class SqliteSuite : StorageSuite
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"coordination-storage-{Guid.NewGuid():N}");

    public SqliteSuite() => Provider = DatabaseProvider.Sqlite;

    public override Task<CoordinationDatabase> CreateDatabaseAsync(string purpose)
    {
        var directory = Path.Combine(_root, $"{purpose}-{Guid.NewGuid():N}");
        return Task.FromResult(new CoordinationDatabase(new StorageOptions { DataDirectory = directory }, directory));
    }

    protected override Task CleanUpAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }
}

public sealed class PostgresSuite : StorageSuite
{
    private PostgresServer.Lease? _lease;

    public PostgresSuite() => Provider = DatabaseProvider.PostgreSql;

    public PostgresServer Server => _lease!.Server;

    public override async Task<CoordinationDatabase> CreateDatabaseAsync(string purpose) =>
        new(new StorageOptions { PostgreSql = await Server.CreateDatabaseAsync(purpose) }, Path.GetTempPath());

    protected override async Task PrepareAsync() => _lease = await PostgresServer.AcquireAsync();

    protected override async Task CleanUpAsync()
    {
        if (_lease is not null)
        {
            await _lease.DisposeAsync();
        }
    }
}
