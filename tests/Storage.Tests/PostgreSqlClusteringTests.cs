using System.Net;
using Coordination.Silo.Extensions;
using Coordination.Silo.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;

namespace Coordination.Storage.Tests;

/// <summary>
/// A cluster on the throwaway PostgreSQL: silos with the host's ADO.NET clustering and reminders
/// (AddCoordinationClustering) on loopback endpoints and free ports, with shortened membership timeouts.
/// </summary>
public sealed class ClusterSuite : IAsyncLifetime
{
    public const string ServiceId = "storage-cluster-tests";

    private readonly List<IHost> _silos = [];
    private PostgresServer.Lease? _lease;

    public string ClusterId { get; } = $"cluster-{Guid.NewGuid():N}";

    public CoordinationDatabase Database { get; private set; } = null!;

    /// <summary>The first silo, up for the whole suite.</summary>
    public IHost Silo { get; private set; } = null!;

    public IGrainFactory Grains => Silo.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        _lease = await PostgresServer.AcquireAsync();
        Database = new CoordinationDatabase(
            new Silo.Options.StorageOptions { PostgreSql = await _lease.Server.CreateDatabaseAsync("cluster") }, Path.GetTempPath());
        await using (var storage = new ServiceCollection().AddLogging().AddCoordinationStorage(Database).BuildServiceProvider())
        {
            await storage.GetRequiredService<SchemaMigrator>().MigrateAsync();
        }

        Silo = await StartSiloAsync();
    }

    public async Task<IHost> StartSiloAsync()
    {
        var silo = new HostBuilder()
            .UseOrleans(orleans =>
            {
                orleans.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ServiceId = ServiceId;
                    cluster.ClusterId = ClusterId;
                });
                orleans.ConfigureEndpoints(IPAddress.Loopback, FreePorts.Next(), FreePorts.Next());
                orleans.AddCoordinationClustering(Database);
                orleans.AddCoordinationGrainStorage(Database);
                orleans.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
                orleans.Configure<ClusterMembershipOptions>(membership =>
                {
                    membership.ProbeTimeout = TimeSpan.FromSeconds(2);
                    membership.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                    membership.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                });
            })
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .Build();
        await silo.StartAsync();
        _silos.Add(silo);
        return silo;
    }

    public async Task StopSiloAsync(IHost silo)
    {
        await silo.StopAsync();
        silo.Dispose();
        _silos.Remove(silo);
    }

    /// <summary>A membership table of the suite's database for another cluster id, straight through the provider.</summary>
    public AdoNetClusteringTable MembershipTable(string clusterId) => new(
        Silo.Services,
        Options.Create(new ClusterOptions { ServiceId = ServiceId, ClusterId = clusterId }),
        Options.Create(new AdoNetClusteringSiloOptions { Invariant = Database.OrleansInvariant, ConnectionString = Database.ConnectionString }),
        NullLogger<AdoNetClusteringTable>.Instance);

    public async Task DisposeAsync()
    {
        foreach (var silo in Enumerable.Reverse(_silos).ToList())
        {
            await StopSiloAsync(silo);
        }

        if (_lease is not null)
        {
            await _lease.DisposeAsync();
        }
    }
}

public sealed class PostgreSqlClusteringTests(ClusterSuite suite) : IClassFixture<ClusterSuite>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoSilos_FormOneCluster_ClientsFindTheGateway_AndADeadSilosRowIsCleanedUp()
    {
        var table = suite.Silo.Services.GetRequiredService<IMembershipTable>();
        var second = await suite.StartSiloAsync();
        var secondAddress = second.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

        await WaitUntilAsync(async () => (await table.ReadAllAsync()).Members.Count(m => m.Item1.Status == SiloStatus.Active) == 2);
        var hosts = await suite.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);

        // A client outside the silos finds a gateway through the membership table (GatewaysQueryKey).
        using (var client = new HostBuilder()
            .UseOrleansClient(orleans =>
            {
                orleans.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ServiceId = ClusterSuite.ServiceId;
                    cluster.ClusterId = suite.ClusterId;
                });
                orleans.UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = suite.Database.OrleansInvariant;
                    clustering.ConnectionString = suite.Database.ConnectionString;
                });
            })
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .Build())
        {
            await client.StartAsync();
            var probe = client.Services.GetRequiredService<IClusterClient>().GetGrain<IProbeGrain>($"client/{Guid.NewGuid():N}");
            await probe.Write("through a gateway");
            Assert.Equal("through a gateway", (await probe.Read()).Value);
            await client.StopAsync();
        }

        await suite.StopSiloAsync(second);
        await WaitUntilAsync(async () => (await table.ReadAllAsync()).Members.Any(m => m.Item1.SiloAddress.Equals(secondAddress) && m.Item1.Status == SiloStatus.Dead));

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1));
        var members = (await table.ReadAllAsync()).Members.Select(m => m.Item1).ToList();
        Assert.DoesNotContain(members, m => m.SiloAddress.Equals(secondAddress));
        Assert.Contains(members, m => m.Status == SiloStatus.Active);
    }

    [Fact]
    public async Task TheMembershipTable_FollowsTheContract()
    {
        var clusterId = $"contract-{Guid.NewGuid():N}";
        var table = suite.MembershipTable(clusterId);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);

        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        var start = DateTime.UtcNow.AddMinutes(-5);
        var joining = Entry(1001, SiloStatus.Joining, start);
        Assert.True(await table.InsertRowAsync(joining, empty.Version.Next()));
        // The same version again is stale; the same silo again is a duplicate.
        Assert.False(await table.InsertRowAsync(Entry(1002, SiloStatus.Joining, start), empty.Version.Next()));
        var one = await table.ReadAllAsync();
        Assert.Equal(1, one.Version.Version);
        Assert.False(await table.InsertRowAsync(joining, one.Version.Next()));
        Assert.Equal(1, (await table.ReadAllAsync()).Version.Version);

        var (stored, etag) = Assert.Single(one.Members);
        Assert.Equal((joining.SiloAddress, "silo-1001", "host-1001", SiloStatus.Joining, 2001),
            (stored.SiloAddress, stored.SiloName, stored.HostName, stored.Status, stored.ProxyPort));
        Assert.Equal(start, stored.StartTime, TimeSpan.FromMilliseconds(1));

        var suspector = Entry(1003, SiloStatus.Active, start).SiloAddress;
        stored.Status = SiloStatus.Active;
        stored.SuspectTimes = [Tuple.Create(suspector, start.AddMinutes(1))];
        Assert.True(await table.UpdateRowAsync(stored, etag, one.Version.Next()));
        Assert.False(await table.UpdateRowAsync(stored, etag, one.Version.Next()));

        var row = await table.ReadRowAsync(joining.SiloAddress);
        Assert.Equal(2, row.Version.Version);
        var updated = Assert.Single(row.Members).Item1;
        Assert.Equal(SiloStatus.Active, updated.Status);
        Assert.Equal(suspector, Assert.Single(updated.SuspectTimes!).Item1);
        Assert.Empty((await table.ReadRowAsync(suspector)).Members);

        var alive = DateTime.UtcNow;
        updated.IAmAliveTime = alive;
        await table.UpdateIAmAliveAsync(updated);
        var heartbeat = await table.ReadRowAsync(joining.SiloAddress);
        Assert.Equal(alive, heartbeat.Members[0].Item1.IAmAliveTime, TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, heartbeat.Version.Version);

        // Gateways: active silos with a proxy port, as clients see them.
        var gateways = new Orleans.Runtime.Membership.AdoNetGatewayListProvider(
            NullLogger<Orleans.Runtime.Membership.AdoNetGatewayListProvider>.Instance, suite.Silo.Services,
            Options.Create(new AdoNetClusteringClientOptions { Invariant = suite.Database.OrleansInvariant, ConnectionString = suite.Database.ConnectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ServiceId = ClusterSuite.ServiceId, ClusterId = clusterId }));
        await gateways.InitializeGatewayListProviderAsync();
        var gateway = Assert.Single(await gateways.GetGatewaysAsync());
        Assert.Equal(2001, gateway.Port);

        // Cleanup removes dead silos last heard of before the cutoff, and nothing else.
        var now = await table.ReadAllAsync();
        var dead = Entry(1004, SiloStatus.Dead, start);
        Assert.True(await table.InsertRowAsync(dead, now.Version.Next()));
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(-10));
        Assert.Equal(2, (await table.ReadAllAsync()).Members.Count);
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1));
        var remaining = Assert.Single((await table.ReadAllAsync()).Members).Item1;
        Assert.Equal(joining.SiloAddress, remaining.SiloAddress);

        await table.DeleteMembershipTableEntriesAsync(clusterId);
        Assert.Equal(0, await Catalogue.CountAsync(suite.Database,
            "SELECT COUNT(*) FROM OrleansMembershipVersionTable WHERE DeploymentId = @id", ("id", clusterId)));
        Assert.Equal(0, await Catalogue.CountAsync(suite.Database,
            "SELECT COUNT(*) FROM OrleansMembershipTable WHERE DeploymentId = @id", ("id", clusterId)));
    }

    [Fact]
    public async Task AReminderRegisteredThroughOrleans_IsStoredInPostgreSql_FiresAndIsRemoved()
    {
        var key = $"reminder/{Guid.NewGuid():N}";
        var grain = suite.Grains.GetGrain<IReminderProbeGrain>(key);
        await grain.Start("tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        Assert.Equal(1, await Catalogue.CountAsync(suite.Database,
            "SELECT COUNT(*) FROM OrleansRemindersTable WHERE ServiceId = @service AND GrainId LIKE @key AND ReminderName = 'tick'",
            ("service", ClusterSuite.ServiceId), ("key", $"%{key}%")));
        await WaitUntilAsync(() => Task.FromResult(ReminderProbeGrain.Ticks.GetValueOrDefault($"{key}/tick") >= 2));

        await grain.Stop("tick");
        Assert.Equal(0, await Catalogue.CountAsync(suite.Database,
            "SELECT COUNT(*) FROM OrleansRemindersTable WHERE GrainId LIKE @key", ("key", $"%{key}%")));
    }

    [Fact]
    public async Task TheReminderTable_FollowsTheContract_IncludingWrappedRanges()
    {
        var reminders = suite.Silo.Services.GetRequiredService<IReminderTable>();
        var start = DateTime.UtcNow.AddDays(1);
        var grains = Enumerable.Range(0, 12)
            .Select(i => GrainId.Create("storagetests.nosuchgrain", $"range/{Guid.NewGuid():N}/{i}"))
            .ToList();
        var etags = new Dictionary<GrainId, string>();
        foreach (var grain in grains)
        {
            etags[grain] = (await reminders.UpsertRow(new ReminderEntry
            {
                GrainId = grain,
                ReminderName = "deadline",
                StartAt = start,
                Period = TimeSpan.FromDays(3000), // more milliseconds than an int holds
            }))!;
        }

        var first = grains[0];
        var row = await reminders.ReadRow(first, "deadline");
        Assert.NotNull(row);
        Assert.Equal((first, "deadline", TimeSpan.FromDays(3000)), (row.GrainId, row.ReminderName, row.Period));
        Assert.Equal(start, row.StartAt, TimeSpan.FromMilliseconds(1));
        Assert.Single((await reminders.ReadRows(first)).Reminders);
        Assert.Null(await reminders.ReadRow(first, "no such reminder"));

        // An upsert of an existing reminder gives it a new ETag; removal needs the current one.
        var newEtag = await reminders.UpsertRow(new ReminderEntry { GrainId = first, ReminderName = "deadline", StartAt = start, Period = TimeSpan.FromDays(1) });
        Assert.NotEqual(etags[first], newEtag);
        Assert.False(await reminders.RemoveRow(first, "deadline", etags[first]));
        Assert.True(await reminders.RemoveRow(first, "deadline", newEtag!));
        Assert.Null(await reminders.ReadRow(first, "deadline"));
        grains.RemoveAt(0);

        // Ring ranges (begin, end]: in signed order for the query, wrapping past the top of the ring or not.
        var hashes = grains.Select(g => g.GetUniformHashCode()).ToList();
        var ranges = new List<(uint Begin, uint End)>
        {
            (0, uint.MaxValue), (uint.MaxValue, 0), (0x7FFF_FFFF, 0x8000_0000), (0x8000_0000, 0x7FFF_FFFF),
            (0x4000_0000, 0xC000_0000), (0xC000_0000, 0x4000_0000),
        };
        ranges.AddRange(hashes.Zip(hashes.Skip(1), (a, b) => (a, b)));
        ranges.AddRange(hashes.Zip(hashes.Skip(1), (a, b) => (b, a)));
        foreach (var (begin, end) in ranges)
        {
            var found = (await reminders.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).Where(grains.Contains).ToHashSet();
            var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).ToHashSet();
            Assert.True(expected.SetEquals(found), $"range ({begin:X8}, {end:X8}]: expected {expected.Count}, found {found.Count}");
        }

        foreach (var grain in grains)
        {
            Assert.True(await reminders.RemoveRow(grain, "deadline", etags[grain]));
        }
    }

    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime start) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 7),
        SiloName = $"silo-{port}",
        HostName = $"host-{port}",
        Status = status,
        ProxyPort = port + 1000,
        StartTime = start,
        IAmAliveTime = start,
    };

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached within {Patience.TotalSeconds} s.");
            }

            await Task.Delay(250);
        }
    }
}
