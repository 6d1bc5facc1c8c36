using System.Data.Common;
using System.Text.Json;
using Coordination.Grains.Concerns;
using Coordination.Grains.Storage;
using Coordination.Silo.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Storage.Tests;

/// <summary>The event store (events, snapshots, concern index, feed) on each database provider.</summary>
public abstract class EventStoreContract<TSuite>(TSuite suite) : IClassFixture<TSuite>
    where TSuite : StorageSuite
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Append_IsReadBackAsStreamSnapshotIndexAndFeed()
    {
        var store = suite.Events;
        var tenant = NewTenant();
        var concern = Summary(Guid.NewGuid(), ConcernStatus.Reported, "hotel-1");
        var feed = await store.AppendAsync(new AppendRequest(tenant, $"concern-{concern.Id:N}", 0,
            [Event("ConcernReported", Morning), Event("UrgencyConfirmed", Morning.AddMinutes(1))],
            """{"status":"reported"}""", concern,
            [new FeedDraft("board", "concern.reported", Morning, """{"id":1}"""),
             new FeedDraft("org:hotel-1", "report.received", Morning, """{"id":2}""")]));

        Assert.Equal([("board", 1L), ("org:hotel-1", 1L)], feed.Select(e => (e.Audience, e.Sequence)));
        var events = await store.ReadStreamAsync(tenant, $"concern-{concern.Id:N}");
        Assert.Equal([1L, 2L], events.Select(e => e.Sequence));
        Assert.Equal(("ConcernReported", "actor", Morning, """{"type":"ConcernReported"}"""),
            (events[0].Type, events[0].Actor, events[0].At, events[0].PayloadJson));
        Assert.Equal(Morning.AddMinutes(1), events[1].At);
        Assert.Equal(new StreamSnapshot(2, """{"status":"reported"}"""), await store.ReadSnapshotAsync(tenant, $"concern-{concern.Id:N}"));
        Assert.Null(await store.ReadSnapshotAsync(tenant, "concern-none"));

        Assert.Equal([concern], await store.ListOpenConcernsAsync(tenant));
        Assert.Equal([concern], await store.ListConcernsReportedByAsync(tenant, "hotel-1"));
        Assert.Empty(await store.ListConcernsReportedByAsync(tenant, "hotel-2"));

        // The next append continues the stream and updates the index: a closed concern is no longer open.
        var closed = concern with { Status = ConcernStatus.Closed };
        await store.AppendAsync(new AppendRequest(tenant, $"concern-{concern.Id:N}", 2, [Event("ConcernClosed", Morning.AddHours(1))],
            """{"status":"closed"}""", closed, [new FeedDraft("board", "concern.closed", Morning.AddHours(1), """{"id":3}""")]));
        Assert.Empty(await store.ListOpenConcernsAsync(tenant));
        Assert.Equal([closed], await store.ListConcernsReportedByAsync(tenant, "hotel-1"));
        Assert.Equal([closed], await store.ListConcernsReportedSinceAsync(tenant, concern.ReportedAt.AddMinutes(-1)));
        Assert.Empty(await store.ListConcernsReportedSinceAsync(tenant, concern.ReportedAt.AddMinutes(1)));
        Assert.Equal(3, (await store.ReadSnapshotAsync(tenant, $"concern-{concern.Id:N}"))!.Version);

        Assert.Equal(2, await store.ReadFeedHeadAsync(tenant, "board"));
        Assert.Equal(0, await store.ReadFeedHeadAsync(tenant, "nobody"));
        var board = await store.ReadFeedAsync(tenant, "board", 0, 10);
        Assert.Equal([(1L, "concern.reported", """{"id":1}"""), (2L, "concern.closed", """{"id":3}""")],
            board.Select(e => (e.Sequence, e.Type, e.DataJson)));
        Assert.Equal(Morning.AddHours(1), board[1].At);
        Assert.Equal([2L], (await store.ReadFeedAsync(tenant, "board", 1, 10)).Select(e => e.Sequence));
        Assert.Equal([1L], (await store.ReadFeedAsync(tenant, "board", 0, 1)).Select(e => e.Sequence));
        Assert.Equal([2L], (await store.ReadFeedTailAsync(tenant, "board", 1)).Select(e => e.Sequence));
        Assert.Equal([1L, 2L], (await store.ReadFeedTailAsync(tenant, "board", 5)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task TimesWithAnOffset_AreStoredAsTheSameInstant()
    {
        var tenant = NewTenant();
        var local = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(2));
        await suite.Events.AppendAsync(new AppendRequest(tenant, "s", 0, [Event("Happened", local)], "{}",
            Summary(Guid.NewGuid(), ConcernStatus.Reported, "hotel-1") with { ReportedAt = local },
            [new FeedDraft("board", "x", local, "{}")]));

        Assert.Equal(local.UtcDateTime, (await suite.Events.ReadStreamAsync(tenant, "s"))[0].At.UtcDateTime);
        Assert.Equal(local.UtcDateTime, (await suite.Events.ReadFeedAsync(tenant, "board", 0, 1))[0].At.UtcDateTime);
        Assert.Single(await suite.Events.ListConcernsReportedSinceAsync(tenant, local.ToUniversalTime().AddSeconds(-1)));
        Assert.Empty(await suite.Events.ListConcernsReportedSinceAsync(tenant, local.ToUniversalTime().AddSeconds(1)));
    }

    [Fact]
    public async Task StaleExpectedVersion_ThrowsConcurrency_AndStoresNothingOfThatAppend()
    {
        var store = suite.Events;
        var tenant = NewTenant();
        var concern = Summary(Guid.NewGuid(), ConcernStatus.Reported, "hotel-1");
        await store.AppendAsync(new AppendRequest(tenant, "concern-x", 0, [Event("ConcernReported", Morning)],
            """{"v":1}""", concern, [new FeedDraft("board", "first", Morning, "{}")]));
        var before = await SnapshotOfTenantAsync(tenant);

        // Two events, the first of which collides with the stored one (expected 0, stored 1).
        await Assert.ThrowsAsync<ConcurrencyException>(() => store.AppendAsync(new AppendRequest(tenant, "concern-x", 0,
            [Event("Other", Morning), Event("Another", Morning)], """{"v":"stale"}""", concern with { Status = ConcernStatus.Closed },
            [new FeedDraft("board", "stale", Morning, "{}"), new FeedDraft("org:other", "stale", Morning, "{}")])));

        Assert.Equal(before, await SnapshotOfTenantAsync(tenant));
        Assert.Equal(0, await store.ReadFeedHeadAsync(tenant, "org:other"));
        Assert.Equal([concern], await store.ListOpenConcernsAsync(tenant));
    }

    [Fact]
    public async Task AFailureLateInTheAppend_RollsBackTheEventsSnapshotAndIndexToo()
    {
        var store = suite.Events;
        var tenant = NewTenant();
        var concern = Summary(Guid.NewGuid(), ConcernStatus.Assigned, "hotel-1") with { AssignedTo = "jelena" };
        await store.AppendAsync(new AppendRequest(tenant, "concern-y", 0, [Event("ConcernReported", Morning)],
            """{"v":1}""", concern, [new FeedDraft("board", "first", Morning, "{}")]));
        // A feed row the head does not know of: the next feed insert of this audience hits it.
        await Catalogue.ExecuteAsync(suite.Database, """
            INSERT INTO coordination_feed (tenant, audience, sequence, type, occurred_at, data)
            VALUES (@tenant, 'board', 2, 'planted', @at, '{}')
            """, ("tenant", tenant), ("at", Morning));
        var before = await SnapshotOfTenantAsync(tenant);

        var failure = await Assert.ThrowsAnyAsync<DbException>(() => store.AppendAsync(new AppendRequest(tenant, "concern-y", 1,
            [Event("UrgencyConfirmed", Morning)], """{"v":2}""", concern with { AssignedTo = "jakob" },
            [new FeedDraft("alpha", "early", Morning, "{}"), new FeedDraft("board", "late", Morning, "{}")])));

        Assert.True(suite.Database.IsUniqueViolation(failure));
        Assert.Equal(before, await SnapshotOfTenantAsync(tenant));
        Assert.Equal(0, await store.ReadFeedHeadAsync(tenant, "alpha"));
    }

    [Fact]
    public async Task AnAppendWhoseFeedFails_IsRefusedAlone_TheAppendsWrittenWithItAreStored()
    {
        // A host writes the appends waiting for it together; on PostgreSQL their feed rows go in one batch. One
        // append's feed row that cannot be stored must not take the others down with it.
        var store = suite.Events;
        var tenant = NewTenant();
        await store.AppendAsync(new AppendRequest(tenant, "poisoned-stream", 0, [Event("First", Morning)], "{}", null,
            [new FeedDraft("poisoned", "first", Morning, "{}")]));
        // A feed row the head does not know of: the next feed insert of this audience hits it.
        await Catalogue.ExecuteAsync(suite.Database, """
            INSERT INTO coordination_feed (tenant, audience, sequence, type, occurred_at, data)
            VALUES (@tenant, 'poisoned', 2, 'planted', @at, '{}')
            """, ("tenant", tenant), ("at", Morning));

        var poisoned = Task.Run(() => store.AppendAsync(new AppendRequest(tenant, "poisoned-stream", 1, [Event("Second", Morning)], "{}", null,
            [new FeedDraft("board", "from the poisoned", Morning, "{}"), new FeedDraft("poisoned", "second", Morning, "{}")])));
        var others = Enumerable.Range(0, 20).Select(i => Task.Run(() => store.AppendAsync(new AppendRequest(tenant, $"stream-{i}", 0,
            [Event("E", Morning)], "{}", null, [new FeedDraft("board", $"from {i}", Morning, "{}")])))).ToList();

        var failure = await Assert.ThrowsAnyAsync<DbException>(() => poisoned);
        Assert.True(suite.Database.IsUniqueViolation(failure));
        await Task.WhenAll(others);
        Assert.Equal(Enumerable.Range(1, 20).Select(n => (long)n), (await store.ReadFeedAsync(tenant, "board", 0, 100)).Select(e => e.Sequence));
        Assert.Equal(1, (await store.ReadSnapshotAsync(tenant, "poisoned-stream"))!.Version);
    }

    [Fact]
    public async Task ConcurrentAppends_GiveEachAudienceGapFreeSequences()
    {
        var store = suite.Events;
        var tenant = NewTenant();
        const int appends = 40;
        var results = await Task.WhenAll(Enumerable.Range(0, appends).Select(i => Task.Run(() =>
        {
            // Audiences named in varying order: the store must not deadlock on them.
            string[] audiences = i % 2 == 0 ? ["board", "org:hotel-1", "role:coordinator"] : ["role:coordinator", "org:hotel-1", "board"];
            return store.AppendAsync(new AppendRequest(tenant, $"stream-{i}", 0, [Event("E", Morning)], "{}", null,
                [.. audiences.Select(a => new FeedDraft(a, $"from {i}", Morning, $$"""{"i":{{i}}}"""))]));
        })));

        foreach (var audience in new[] { "board", "org:hotel-1", "role:coordinator" })
        {
            var stored = await store.ReadFeedAsync(tenant, audience, 0, 1000);
            Assert.Equal(Enumerable.Range(1, appends).Select(n => (long)n), stored.Select(e => e.Sequence));
            Assert.Equal(appends, await store.ReadFeedHeadAsync(tenant, audience));
            var handedOut = results.SelectMany(r => r).Where(e => e.Audience == audience).Select(e => e.Sequence).Order();
            Assert.Equal(Enumerable.Range(1, appends).Select(n => (long)n), handedOut);
        }

        // Each append's entries come back in the order of its drafts.
        Assert.All(results.Select((entries, i) => (entries, i)), r =>
            Assert.Equal(r.i % 2 == 0 ? ["board", "org:hotel-1", "role:coordinator"] : ["role:coordinator", "org:hotel-1", "board"],
                r.entries.Select(e => e.Audience)));
    }

    [Fact]
    public async Task TwoHostsAppendingAtOnce_NeitherDeadlocksNorLeavesAGap()
    {
        // Each host writes the appends waiting for it in one transaction. Here the two hosts' groups mix concerns
        // (coordinators, the reporter's organisation, a worker's row) with alerts to organisations in either order:
        // they must take the feed heads in one order, or the hosts deadlock on them.
        using var otherHost = new SqlEventStore(suite.Database);
        IEventStore[] hosts = [suite.Events, otherHost];
        var tenant = NewTenant();
        const int appends = 120;
        await Task.WhenAll(Enumerable.Range(0, appends).Select(i => Task.Run(() =>
        {
            var stream = $"stream-{i}";
            var request = (i % 3) switch
            {
                0 => new AppendRequest(tenant, stream, 0, [Event("Reported", Morning)], "{}",
                    Summary(Guid.NewGuid(), ConcernStatus.Assigned, "hotel-1") with { AssignedTo = i % 2 == 0 ? "jakob" : "jelena" },
                    [new FeedDraft("coordinators", "concern", Morning, "{}"), new FeedDraft("organisation/hotel-1", "report", Morning, "{}"),
                     new FeedDraft(i % 2 == 0 ? "worker/jakob" : "worker/jelena", "assignment", Morning, "{}")]),
                1 => new AppendRequest(tenant, stream, 0, [Event("AlertSent", Morning)], "{}", null,
                    [new FeedDraft("organisation/taxi-1", "alert", Morning, "{}"), new FeedDraft("organisation/hotel-1", "alert", Morning, "{}")]),
                _ => new AppendRequest(tenant, stream, 0, [Event("AlertSent", Morning)], "{}", null,
                    [new FeedDraft("organisation/hotel-1", "alert", Morning, "{}"), new FeedDraft("organisation/taxi-1", "alert", Morning, "{}"),
                     new FeedDraft("coordinators", "alert", Morning, "{}")]),
            };
            return hosts[i % 2].AppendAsync(request);
        })));

        foreach (var (audience, count) in new[] { ("coordinators", 80), ("organisation/hotel-1", 120), ("organisation/taxi-1", 80), ("worker/jakob", 20), ("worker/jelena", 20) })
        {
            var stored = await suite.Events.ReadFeedAsync(tenant, audience, 0, 1000);
            Assert.Equal(Enumerable.Range(1, count).Select(n => (long)n), stored.Select(e => e.Sequence));
        }

        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 20, ["jelena"] = 20 }, await suite.Events.CountOpenAssignmentsAsync(tenant));
    }

    [Fact]
    public async Task ConcurrentAppendsToOneStream_AtOneVersion_ExactlyOneWins()
    {
        var store = suite.Events;
        var tenant = NewTenant();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.AppendAsync(new AppendRequest(tenant, "contested", 0, [Event($"E{i}", Morning), Event($"F{i}", Morning)],
                    $$"""{"winner":{{i}}}""", null, [new FeedDraft("board", $"from {i}", Morning, "{}")]));
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        })));

        Assert.Equal(1, outcomes.Count(won => won));
        var events = await store.ReadStreamAsync(tenant, "contested");
        Assert.Equal([1L, 2L], events.Select(e => e.Sequence));
        Assert.Equal(events[0].Type[1..], events[1].Type[1..]);
        Assert.Equal([1L], (await store.ReadFeedAsync(tenant, "board", 0, 100)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task ConcurrentAppends_WithStaleOnesAmongThem_StoreEveryOtherAppend()
    {
        // On SQLite appends that wait together are written in one transaction: one stale append must not take
        // the others with it, nor leave a trace of its own.
        var store = suite.Events;
        var tenant = NewTenant();
        for (var i = 0; i < 10; i++)
        {
            await store.AppendAsync(new AppendRequest(tenant, $"stale-{i}", 0, [Event("First", Morning)], "{}", null, []));
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            var stale = i % 3 == 0;
            try
            {
                await store.AppendAsync(new AppendRequest(tenant, stale ? $"stale-{i / 3}" : $"fresh-{i}", 0, [Event("E", Morning)],
                    $$"""{"i":{{i}}}""", null, [new FeedDraft("board", $"from {i}", Morning, $$"""{"i":{{i}}}""")]));
                return (i, stored: true);
            }
            catch (ConcurrencyException)
            {
                return (i, stored: false);
            }
        })));

        Assert.All(outcomes, o => Assert.Equal(o.i % 3 != 0, o.stored));
        var board = await store.ReadFeedAsync(tenant, "board", 0, 100);
        Assert.Equal(Enumerable.Range(1, 20).Select(n => (long)n), board.Select(e => e.Sequence));
        Assert.Equal(outcomes.Where(o => o.stored).Select(o => $"from {o.i}").Order(), board.Select(e => e.Type).Order());
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal([("First", 1L)], (await store.ReadStreamAsync(tenant, $"stale-{i}")).Select(e => (e.Type, e.Sequence)));
        }
    }

    [Fact]
    public async Task OpenAssignments_AreCountedAndListedPerWorker_WhileTheConcernIsWithThem()
    {
        var store = suite.Events;
        var tenant = NewTenant();
        var offered = await IndexAsync(tenant, Summary(Guid.NewGuid(), ConcernStatus.Assigned, "hotel-1") with { AssignedTo = "jakob" });
        var accepted = await IndexAsync(tenant, Summary(Guid.NewGuid(), ConcernStatus.Accepted, "hotel-1") with { AssignedTo = "jakob" });
        var jelenas = await IndexAsync(tenant, Summary(Guid.NewGuid(), ConcernStatus.InProgress, "taxi-1") with { AssignedTo = "jelena" });
        // Triaged and waiting, declined back to nobody, closed by the worker: with no one.
        await IndexAsync(tenant, Summary(Guid.NewGuid(), ConcernStatus.Triaged, "hotel-1"));
        var closed = await IndexAsync(tenant, Summary(Guid.NewGuid(), ConcernStatus.Accepted, "hotel-1") with { AssignedTo = "jelena" });
        await IndexAsync(tenant, closed with { Status = ConcernStatus.Closed }, version: 1);
        await IndexAsync(NewTenant(), Summary(Guid.NewGuid(), ConcernStatus.Assigned, "hotel-1") with { AssignedTo = "jakob" });

        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 2, ["jelena"] = 1 }, await store.CountOpenAssignmentsAsync(tenant));
        Assert.Equal(new[] { accepted.Id, offered.Id }.Order(), (await store.ListOpenAssignmentsAsync(tenant, "jakob")).Select(c => c.Id).Order());
        Assert.Equal([jelenas], await store.ListOpenAssignmentsAsync(tenant, "jelena"));
        Assert.Empty(await store.ListOpenAssignmentsAsync(tenant, "jonna"));

        // Reassigned from Jakob to Jonna: it moves with the concern.
        await IndexAsync(tenant, offered with { AssignedTo = "jonna" }, version: 1);
        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 1, ["jelena"] = 1, ["jonna"] = 1 }, await store.CountOpenAssignmentsAsync(tenant));

        // Accepted by Jonna, then in progress: still one assignment, however often it is stored.
        await IndexAsync(tenant, offered with { AssignedTo = "jonna", Status = ConcernStatus.Accepted }, version: 2);
        await IndexAsync(tenant, offered with { AssignedTo = "jonna", Status = ConcernStatus.InProgress }, version: 3);
        // A stale append (another writer got there first) moves nothing.
        await Assert.ThrowsAsync<ConcurrencyException>(() => IndexAsync(tenant, offered with { AssignedTo = "jelena" }, version: 1));
        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 1, ["jelena"] = 1, ["jonna"] = 1 }, await store.CountOpenAssignmentsAsync(tenant));

        // Closed by Jonna, declined back to nobody by Jakob: a worker with none left is not counted.
        await IndexAsync(tenant, offered with { AssignedTo = "jonna", Status = ConcernStatus.Closed }, version: 4);
        await IndexAsync(tenant, accepted with { AssignedTo = null, Status = ConcernStatus.Triaged }, version: 1);
        Assert.Equal(new Dictionary<string, int> { ["jelena"] = 1 }, await store.CountOpenAssignmentsAsync(tenant));
        Assert.Empty(await store.ListOpenAssignmentsAsync(tenant, "jakob"));

        // Assigned again to Jakob: counted from nothing again.
        await IndexAsync(tenant, accepted with { Status = ConcernStatus.Assigned }, version: 2);
        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 1, ["jelena"] = 1 }, await store.CountOpenAssignmentsAsync(tenant));
    }

    [Fact]
    public async Task ConcurrentReassignments_InBothDirections_WithStaleOnesAmongThem_MoveEachCountOnce()
    {
        // On PostgreSQL two workers' counts are changed in opposite orders here; on SQLite the appends share
        // transactions, the stale ones rolled back to their savepoints.
        var store = suite.Events;
        var tenant = NewTenant();
        var concerns = new List<ConcernSummary>();
        for (var i = 0; i < 20; i++)
        {
            var worker = i % 5 < 3 ? "jakob" : "jelena";
            concerns.Add(await IndexAsync(tenant, Summary(Guid.NewGuid(), ConcernStatus.Assigned, "hotel-1") with { AssignedTo = worker }));
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            // Even: the concern moves to the other worker; odd: a stale append of the same concern gives it to Jonna.
            var concern = concerns[i / 2];
            var stale = i % 2 == 1;
            var to = stale ? "jonna" : concern.AssignedTo == "jakob" ? "jelena" : "jakob";
            try
            {
                await store.AppendAsync(new AppendRequest(tenant, $"concern-{concern.Id:N}", stale ? 0 : 1,
                    [Event("Reassigned", Morning)], "{}", concern with { AssignedTo = to },
                    [new FeedDraft("board", $"from {i}", Morning, "{}")]));
                return (i, stored: true);
            }
            catch (ConcurrencyException)
            {
                return (i, stored: false);
            }
        })));

        Assert.All(outcomes, o => Assert.Equal(o.i % 2 == 0, o.stored));
        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 8, ["jelena"] = 12 }, await store.CountOpenAssignmentsAsync(tenant));
        Assert.Equal(concerns.Where(c => c.AssignedTo == "jelena").Select(c => c.Id).Order(),
            (await store.ListOpenAssignmentsAsync(tenant, "jakob")).Select(c => c.Id).Order());
    }

    [Fact]
    public async Task ConcernsWithAWorkerBeforeTheirColumn_AreTakenFromTheirSummary()
    {
        var database = await suite.CreateDatabaseAsync("concern-workers");
        var services = suite.StorageServices(database);
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var step = migrator.Steps.Single(s => s.Name == "concern-workers");
        await migrator.MigrateAsync(upToVersion: step.Version - 1);
        var tenant = NewTenant();
        var summaries = new[]
        {
            Summary(Guid.NewGuid(), ConcernStatus.Assigned, "hotel-1") with { AssignedTo = "jakob" },
            Summary(Guid.NewGuid(), ConcernStatus.Referred, "hotel-1") with { AssignedTo = "jakob" },
            Summary(Guid.NewGuid(), ConcernStatus.Triaged, "hotel-1"),
            Summary(Guid.NewGuid(), ConcernStatus.Closed, "hotel-1") with { AssignedTo = "jelena" },
        };
        foreach (var summary in summaries)
        {
            // The row as a host before this step wrote it.
            await Catalogue.ExecuteAsync(database, """
                INSERT INTO coordination_concerns (tenant, concern_id, reported_by, is_open, reported_at, summary)
                VALUES (@tenant, @id, @reportedBy, @open, @reportedAt, @summary)
                """, ("tenant", tenant), ("id", summary.Id.ToString("N")), ("reportedBy", summary.ReportedByOrganisation),
                ("open", summary.IsOpen), ("reportedAt", summary.ReportedAt), ("summary", JsonSerializer.Serialize(summary, StoreJson.Options)));
        }

        await migrator.MigrateAsync();

        var store = services.GetRequiredService<IEventStore>();
        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 2 }, await store.CountOpenAssignmentsAsync(tenant));
        Assert.Equal(summaries[..2].Select(s => s.Id).Order(), (await store.ListOpenAssignmentsAsync(tenant, "jakob")).Select(c => c.Id).Order());
    }

    [Fact]
    public async Task AssignmentsStoredBeforeTheWorkerLoad_AreCountedOnce()
    {
        var database = await suite.CreateDatabaseAsync("worker-load");
        var services = suite.StorageServices(database);
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var step = migrator.Steps.Single(s => s.Name == "worker-load");
        await migrator.MigrateAsync(upToVersion: step.Version - 1);
        var tenant = NewTenant();
        var other = NewTenant();
        var offered = Summary(Guid.NewGuid(), ConcernStatus.Assigned, "hotel-1") with { AssignedTo = "jakob" };
        foreach (var (owner, summary) in new[]
        {
            (tenant, offered),
            (tenant, Summary(Guid.NewGuid(), ConcernStatus.InProgress, "hotel-1") with { AssignedTo = "jakob" }),
            (tenant, Summary(Guid.NewGuid(), ConcernStatus.Accepted, "taxi-1") with { AssignedTo = "jelena" }),
            (other, Summary(Guid.NewGuid(), ConcernStatus.Assigned, "hotel-1") with { AssignedTo = "jakob" }),
        })
        {
            // The rows as a host before this step wrote them.
            await Catalogue.ExecuteAsync(database, """
                INSERT INTO coordination_concerns (tenant, concern_id, reported_by, is_open, reported_at, summary)
                VALUES (@tenant, @id, @reportedBy, @open, @reportedAt, @summary)
                """, ("tenant", owner), ("id", summary.Id.ToString("N")), ("reportedBy", summary.ReportedByOrganisation),
                ("open", summary.IsOpen), ("reportedAt", summary.ReportedAt), ("summary", JsonSerializer.Serialize(summary, StoreJson.Options)));
            await Catalogue.ExecuteAsync(database, """
                INSERT INTO coordination_concern_workers (tenant, concern_id, worker_id) VALUES (@tenant, @id, @worker)
                """, ("tenant", owner), ("id", summary.Id.ToString("N")), ("worker", summary.AssignedTo!));
        }

        await migrator.MigrateAsync();
        await Catalogue.RunScriptAsync(database, await migrator.ScriptAsync(step));

        var store = services.GetRequiredService<IEventStore>();
        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 2, ["jelena"] = 1 }, await store.CountOpenAssignmentsAsync(tenant));
        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 1 }, await store.CountOpenAssignmentsAsync(other));

        // The counts go on from there: a concern stored before the step moves from Jakob to Jelena.
        await store.AppendAsync(new AppendRequest(tenant, $"concern-{offered.Id:N}", 0, [Event("Reassigned", Morning)], "{}",
            offered with { AssignedTo = "jelena" }, []));
        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 1, ["jelena"] = 2 }, await store.CountOpenAssignmentsAsync(tenant));
    }

    [Fact]
    public async Task AssignmentsChangedByAHostOfThePreviousRelease_AreCountedToo()
    {
        // During a rollout the previous release's hosts go on writing coordination_concern_workers after the migration,
        // knowing nothing of the counts: their statements, straight on the table, next to this host's appends.
        var store = suite.Events;
        var tenant = NewTenant();
        var ours = await IndexAsync(tenant, Summary(Guid.NewGuid(), ConcernStatus.Assigned, "hotel-1") with { AssignedTo = "jakob" });
        var (first, second) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        const string Assign = """
            INSERT INTO coordination_concern_workers (tenant, concern_id, worker_id) VALUES (@tenant, @id, @worker)
            ON CONFLICT (tenant, concern_id) DO UPDATE SET worker_id = excluded.worker_id
            """;

        await Catalogue.ExecuteAsync(suite.Database, Assign, ("tenant", tenant), ("id", first), ("worker", "jakob"));
        await Catalogue.ExecuteAsync(suite.Database, Assign, ("tenant", tenant), ("id", second), ("worker", "jelena"));
        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 2, ["jelena"] = 1 }, await store.CountOpenAssignmentsAsync(tenant));

        // Reassigned from Jakob to Jelena, then stored again as it is.
        await Catalogue.ExecuteAsync(suite.Database, Assign, ("tenant", tenant), ("id", first), ("worker", "jelena"));
        await Catalogue.ExecuteAsync(suite.Database, Assign, ("tenant", tenant), ("id", first), ("worker", "jelena"));
        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 1, ["jelena"] = 2 }, await store.CountOpenAssignmentsAsync(tenant));

        // Closed.
        await Catalogue.ExecuteAsync(suite.Database, "DELETE FROM coordination_concern_workers WHERE tenant = @tenant AND concern_id = @id",
            ("tenant", tenant), ("id", second));
        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 1, ["jelena"] = 1 }, await store.CountOpenAssignmentsAsync(tenant));

        // A concern this host stored, moved to Jonna by the other host and back to Jakob by this one.
        await Catalogue.ExecuteAsync(suite.Database, "UPDATE coordination_concern_workers SET worker_id = @worker WHERE tenant = @tenant AND concern_id = @id",
            ("tenant", tenant), ("id", ours.Id.ToString("N")), ("worker", "jonna"));
        Assert.Equal(new Dictionary<string, int> { ["jelena"] = 1, ["jonna"] = 1 }, await store.CountOpenAssignmentsAsync(tenant));
        await IndexAsync(tenant, ours, version: 1);
        Assert.Equal(new Dictionary<string, int> { ["jakob"] = 1, ["jelena"] = 1 }, await store.CountOpenAssignmentsAsync(tenant));
    }

    [Fact]
    public async Task TheEventTable_RefusesUpdatesAndDeletes()
    {
        var tenant = NewTenant();
        await suite.Events.AppendAsync(new AppendRequest(tenant, "audit", 0, [Event("Recorded", Morning)], "{}", null, []));

        await Assert.ThrowsAnyAsync<DbException>(() => Catalogue.ExecuteAsync(suite.Database,
            "UPDATE coordination_events SET actor = 'someone else' WHERE tenant = @tenant", ("tenant", tenant)));
        await Assert.ThrowsAnyAsync<DbException>(() => Catalogue.ExecuteAsync(suite.Database,
            "DELETE FROM coordination_events WHERE tenant = @tenant", ("tenant", tenant)));
        if (suite.Provider == Silo.Persistence.DatabaseProvider.PostgreSql)
        {
            await Assert.ThrowsAnyAsync<DbException>(() => Catalogue.ExecuteAsync(suite.Database, "TRUNCATE coordination_events"));
        }

        var events = await suite.Events.ReadStreamAsync(tenant, "audit");
        Assert.Equal([("Recorded", "actor")], events.Select(e => (e.Type, e.Actor)));
    }

    private async Task<string> SnapshotOfTenantAsync(string tenant)
    {
        var store = suite.Events;
        var parts = new List<string>();
        foreach (var stream in new[] { "concern-x", "concern-y" })
        {
            parts.Add(string.Join(";", (await store.ReadStreamAsync(tenant, stream)).Select(e => $"{e.Sequence}:{e.Type}:{e.PayloadJson}")));
            parts.Add((await store.ReadSnapshotAsync(tenant, stream))?.ToString() ?? "no snapshot");
        }

        foreach (var audience in new[] { "board", "org:other", "alpha" })
        {
            parts.Add($"{audience} head {await store.ReadFeedHeadAsync(tenant, audience)}: " +
                string.Join(";", (await store.ReadFeedAsync(tenant, audience, 0, 100)).Select(e => $"{e.Sequence}:{e.Type}")));
        }

        parts.Add(string.Join(";", (await store.ListOpenConcernsAsync(tenant)).Select(c => $"{c.Id}:{c.Status}:{c.ReportedByOrganisation}:{c.AssignedTo}")));
        var load = await store.CountOpenAssignmentsAsync(tenant);
        parts.Add(string.Join(";", load.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={w.Value}")));
        parts.Add((await Catalogue.CountAsync(suite.Database, "SELECT COUNT(*) FROM coordination_concerns WHERE tenant = @tenant", ("tenant", tenant))).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join("\n", parts);
    }

    private async Task<ConcernSummary> IndexAsync(string tenant, ConcernSummary summary, long version = 0)
    {
        await suite.Events.AppendAsync(new AppendRequest(tenant, $"concern-{summary.Id:N}", version,
            [Event("Changed", Morning)], "{}", summary, []));
        return summary;
    }

    private static string NewTenant() => $"t{Guid.NewGuid():N}"[..12];

    private static NewEvent Event(string type, DateTimeOffset at) => new(type, "actor", at, $$"""{"type":"{{type}}"}""");

    private static ConcernSummary Summary(Guid id, ConcernStatus status, string reportedBy) =>
        new(id, "HBG-1", status, Urgency.Urgent, PlaceKind.Hotel, "centrum", reportedBy, Morning, Morning, Morning, 2);
}

public sealed class SqliteEventStoreContract(SqliteSuite suite) : EventStoreContract<SqliteSuite>(suite);

public sealed class PostgreSqlEventStoreContract(PostgresSuite suite) : EventStoreContract<PostgresSuite>(suite);
