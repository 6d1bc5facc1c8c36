using Coordination.Storage.Tests;

namespace Coordination.Cluster.Tests;

/// <summary>
/// One throwaway PostgreSQL for the suite (tests/Storage.Tests/PostgresServer.cs); each test gets a database of
/// its own, brought to the current schema by the host's migration command, as the Kubernetes Job does it.
/// </summary>
public sealed class ClusterDatabases : IAsyncLifetime
{
    private PostgresServer.Lease? _lease;

    public async Task InitializeAsync() => _lease = await PostgresServer.AcquireAsync();

    public async Task DisposeAsync()
    {
        if (_lease is not null)
        {
            await _lease.DisposeAsync();
        }
    }

    /// <summary>A new database, migrated by <c>dotnet Coordination.Silo.dll migrate</c>, and the cluster identity of the hosts on it.</summary>
    public async Task<ClusterDatabase> CreateAsync(string suite)
    {
        var connectionString = await _lease!.Server.CreateDatabaseAsync(suite);
        var cluster = new ClusterDatabase(connectionString, ServiceId: "coordination-cluster-tests", ClusterId: $"cluster-{suite}");
        await ClusterHost.MigrateAsync(cluster);
        return cluster;
    }
}
