using Coordination.Grains.Security;
using Coordination.Silo.Identity;
using Coordination.Silo.Scheduling;
using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;
using Coordination.Grains.Storage;
using Coordination.Silo.Demo;
using Coordination.Silo.Extensions;
using Coordination.Silo.Options;
using Coordination.Silo.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Coordination.Grains.Tests;

/// <summary>
/// One in-process cluster of two silos for the whole suite, on the real storage: a SQLite file in a temp
/// folder, migrated and seeded with two tenants before the silos start.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Tenant = DemoData.DefaultTenant;
    public const string ForeignTenant = "testby";

    /// <summary>A tenant whose critical alerts remind and escalate sooner than the defaults (Alerts:Timing:Tenants).</summary>
    public const string BriskTenant = "raskby";

    public static AlertTimingOptions Timing { get; } = new()
    {
        Tenants = { [BriskTenant] = new() { Critical = new() { Reminder = TimeSpan.FromMinutes(2), Escalation = TimeSpan.FromMinutes(3) } } },
    };

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"coordination-grains-{Guid.NewGuid():N}");
    private ServiceProvider? _storage;

    /// <summary>The grains' clock; Orleans' own background loops stay on real time.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>What the alert grains of both silos asked to e-mail to contact persons.</summary>
    public RecordingAlertMail Mail { get; } = new();

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>A second event store on the silos' file, to read what they committed.</summary>
    public IEventStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = new CoordinationDatabase(new StorageOptions { DataDirectory = _dataDirectory }, _dataDirectory);
        _storage = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Clock)
            .AddCoordinationStorage(database)
            .BuildServiceProvider();
        await _storage.GetRequiredService<SchemaMigrator>().MigrateAsync();
        await SeedTenantAsync(Tenant, "Helsingborg");
        await SeedTenantAsync(ForeignTenant, "Testby");
        await SeedTenantAsync(BriskTenant, "Raskby");
        Store = _storage.GetRequiredService<IEventStore>();

        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            // Before AddCoordinationStorage, whose TryAdd then keeps the fake clock.
            silo.Services.AddSingleton<TimeProvider>(Clock);
            // Orleans' own keyed clocks (membership, collection, timeouts) stay on real time.
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddCoordinationStorage(database);
            silo.Services.AddSingleton(Options.Create(Timing));
            silo.AddCoordinationGrainStorage(database);
            silo.Services.AddSingleton<IAlertMail>(Mail);
            silo.Services.AddSingleton<DeadlineScanner>();
            silo.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineScanner>());
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>
    /// A tenant of its own, seeded like the others, for tests that count from zero (board, feeds, figures).
    /// Seeded before any grain asks for it, so no silo has cached it as empty.
    /// </summary>
    public async Task<string> AddTenantAsync()
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        await SeedTenantAsync(tenant, "Prövstad");
        return tenant;
    }

    /// <summary>
    /// Moves the fake clock on and completes once a deadline scanner, scanning as of the new time, has fired
    /// what was due (the scanners wait on the fake clock, so advancing it is what wakes them).
    /// </summary>
    public async Task AdvanceAndAwaitDeadlinesAsync(TimeSpan by)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scanners = Cluster.Silos.Select(s => s.SiloHost.Services.GetRequiredService<DeadlineScanner>()).ToList();
        var target = Clock.GetUtcNow() + by;
        void OnScanned(DateTimeOffset asOf, int count)
        {
            if (asOf >= target && count > 0)
            {
                fired.TrySetResult();
            }
        }

        scanners.ForEach(s => s.Scanned += OnScanned);
        try
        {
            Clock.Advance(by);
            await fired.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            scanners.ForEach(s => s.Scanned -= OnScanned);
        }
    }

    public IConcernGrain Concern(Guid id, string tenant = Tenant) =>
        Grains.GetGrain<IConcernGrain>(GrainKeys.For(tenant, id));

    /// <summary>Deactivates a grain's current activation; the next call activates it again from storage.</summary>
    public async Task DeactivateAsync(IAddressable grain)
    {
        Assert.True(Cluster.TryGetGrainContext(grain.GetGrainId(), out _), "The grain should be active before it is deactivated.");
        await Cluster.DeactivateAsync(grain).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(Cluster.TryGetGrainContext(grain.GetGrainId(), out _), "The grain should be deactivated.");
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        // Pooled connections hold the file open.
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task SeedTenantAsync(string id, string name)
    {
        var tenant = DemoData.For(id, name);
        var joined = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime).AddYears(-1);
        await using var db = await _storage!.GetRequiredService<IDbContextFactory<CoordinationDbContext>>().CreateDbContextAsync();
        db.Tenants.Add(new TenantRecord { Id = tenant.Id, Name = tenant.Name, Areas = [.. tenant.Areas] });
        db.Organisations.AddRange(tenant.Organisations.Select(o => new OrganisationRecord
        {
            Tenant = tenant.Id,
            Id = o.Id,
            Name = o.Name,
            Kind = o.Kind,
            Areas = [.. o.Areas],
            Joined = joined,
            AgreementSigned = o.Agreement ? joined : null,
            TrainedStaff = o.TrainedStaff,
            TrainedOn = o.TrainedStaff > 0 ? joined : null,
        }));
        if (!await db.Roles.AnyAsync(r => r.Name == RoleNames.SocialWorker))
        {
            db.Roles.Add(new IdentityRole(RoleNames.SocialWorker) { NormalizedName = RoleNames.SocialWorker.ToUpperInvariant() });
            await db.SaveChangesAsync();
        }

        // The on-call workers (accounts without passwords: grain tests call grains directly).
        var role = await db.Roles.SingleAsync(r => r.Name == RoleNames.SocialWorker);
        foreach (var worker in People.Workers(tenant.Id))
        {
            db.Users.Add(new CoordinationUser
            {
                Id = worker.UserId,
                UserName = $"{worker.UserId}@{tenant.Id}.test",
                Tenant = tenant.Id,
                OrganisationId = worker.OrganisationId,
                DisplayName = worker.UserId,
            });
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = worker.UserId, RoleId = role.Id });
        }

        await db.SaveChangesAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
