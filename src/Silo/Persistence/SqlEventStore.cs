using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.Scheduling;
using Coordination.Grains.Storage;

namespace Coordination.Silo.Persistence;

/// <summary>
/// The event table, snapshots, concern read model and delta feed on SQLite or PostgreSQL (the SQL is
/// common to both: ON CONFLICT, RETURNING and LIMIT parameters work on each; times are bound as UTC).
/// Every append is one transaction.
/// </summary>
public sealed class SqlEventStore(CoordinationDatabase database) : IEventStore, IDisposable
{
    /// <summary>At most this many appends share one transaction.</summary>
    private const int MaxGroup = 64;

    private const string Savepoint = "coordination_append";

    // One writer per host. SQLite has one writer at a time and Microsoft.Data.Sqlite waits for a busy database by
    // sleeping on the thread, which starves the pool Kestrel, Orleans and SignalR share; on PostgreSQL every append
    // queues on the tenant's coordinators feed head anyway. Writers queue here, asynchronously.
    private readonly SemaphoreSlim _writerGate = new(1, 1);

    // Appends waiting for the writer; whoever holds it writes all of them in one transaction.
    private readonly ConcurrentQueue<PendingAppend> _waiting = new();

    // Only the holder of _writerGate uses it.
    private readonly SqliteWriter _writer = new(database);

    public void Dispose()
    {
        _writerGate.Wait();
        try
        {
            _writer.Close();
        }
        finally
        {
            _writerGate.Release();
        }
    }

    public async Task<StreamSnapshot?> ReadSnapshotAsync(string tenant, string stream, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT version, payload FROM coordination_snapshots WHERE tenant = @tenant AND stream = @stream
            """, ("tenant", tenant), ("stream", stream));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StreamSnapshot(reader.GetInt64(0), reader.GetString(1))
            : null;
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string tenant, string stream, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT sequence, type, actor, occurred_at, payload FROM coordination_events
            WHERE tenant = @tenant AND stream = @stream ORDER BY sequence
            """, ("tenant", tenant), ("stream", stream));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }

        return events;
    }

    public async Task<IReadOnlyList<FeedEntry>> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Events.Count == 0)
        {
            throw new ArgumentException("An append carries at least one event.", nameof(request));
        }

        return await AppendGroupedAsync(request, cancellationToken);
    }

    /// <summary>
    /// Group commit: an append waits for the host's one writer; the writer takes every append waiting by then and
    /// stores them in one transaction, each in its own savepoint, so that one commit (one fsync of the write-ahead
    /// log, milliseconds on a real disk) serves them all. An append that fails (a stale expected version) is rolled
    /// back to its savepoint alone; each caller is answered only after the commit.
    /// </summary>
    /// <remarks>
    /// On PostgreSQL the group's feed rows are written last, all in one round trip, taking the feed heads in one
    /// global order (tenant, audience) for the whole group: the heads' row locks (every change goes to
    /// <c>coordinators</c>) are then held for that round trip and the commit once per group, not once per append,
    /// and two hosts' groups cannot deadlock on them (findings 7 and 8 in docs/performance.md). A group that fails in that
    /// last step is written again one append at a time, so that only an append whose own feed rows fail is refused.
    /// </remarks>
    private async Task<IReadOnlyList<FeedEntry>> AppendGroupedAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        var pending = new PendingAppend(request);
        _waiting.Enqueue(pending);
        try
        {
            await _writerGate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (pending.TryWithdraw())
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // A writer has taken it already: its outcome is this call's.
            return await pending.Outcome;
        }

        try
        {
            // An earlier writer may have stored it meanwhile; otherwise write groups until it is among them.
            while (!pending.IsTaken)
            {
                await WriteGroupAsync(TakeGroup());
            }
        }
        finally
        {
            _writerGate.Release();
        }

        return await pending.Outcome;
    }

    private List<PendingAppend> TakeGroup()
    {
        var group = new List<PendingAppend>();
        while (group.Count < MaxGroup && _waiting.TryDequeue(out var next))
        {
            if (next.TryTake())
            {
                group.Add(next);
            }
        }

        return group;
    }

    private async Task WriteGroupAsync(List<PendingAppend> group)
    {
        if (group.Count == 0)
        {
            return;
        }

        // The group is written whatever its callers' tokens say: the others' changes are in the same transaction.
        var postgres = database.Provider == DatabaseProvider.PostgreSql;
        var written = new List<(PendingAppend Append, IReadOnlyList<FeedEntry> Feed)>(group.Count);
        DbConnection? pooled = null;
        var feedStep = false;
        List<PendingAppend>? alone = null;
        try
        {
            var connection = postgres ? pooled = await database.OpenAsync(CancellationToken.None) : await _writer.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
            await using var commands = new AppendCommands(transaction, postgres ? null : _writer);
            foreach (var append in group)
            {
                // On PostgreSQL the savepoint, the append's statements and the release go in one round trip.
                var released = false;
                await commands.RunAsync($"SAVEPOINT {Savepoint}");
                try
                {
                    await WriteStreamAsync(commands, append.Request);
                    var feed = postgres ? [] : await WriteFeedAsync(commands, append.Request);
                    await commands.RunAsync($"RELEASE SAVEPOINT {Savepoint}");
                    await commands.FlushAsync();
                    released = true;
                    written.Add((append, feed));
                }
                catch (Exception exception)
                {
                    // Throws in turn if the transaction itself is lost (then the whole group fails below).
                    await transaction.RollbackAsync(Savepoint, CancellationToken.None);
                    append.Fail(StaleVersion(exception, append.Request) ?? exception);
                }

                if (!released)
                {
                    await transaction.ReleaseAsync(Savepoint, CancellationToken.None);
                }
            }

            if (postgres && written.Count > 0)
            {
                feedStep = true;
                var feeds = await AppendFeedsAsync(transaction, [.. written.Select(w => w.Append.Request)]);
                for (var i = 0; i < written.Count; i++)
                {
                    written[i] = (written[i].Append, feeds[i]);
                }
            }

            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The next group starts on a fresh connection, whatever state this one was left in.
            if (!postgres)
            {
                _writer.Close();
            }

            if (feedStep && written.Count > 1)
            {
                // One batch holds the feed rows of every append: each goes again on its own, so that only one whose
                // own rows fail is refused.
                alone = [.. written.Select(w => w.Append)];
            }
            else
            {
                foreach (var append in group)
                {
                    append.Fail(exception);
                }

                return;
            }
        }
        finally
        {
            if (pooled is not null)
            {
                await pooled.DisposeAsync();
            }
        }

        if (alone is not null)
        {
            foreach (var append in alone)
            {
                await WriteGroupAsync([append]);
            }

            return;
        }

        foreach (var (append, feed) in written)
        {
            append.Succeed(feed);
        }
    }

    /// <summary>One caller's append in the queue: waiting, then taken by a writer or withdrawn by its caller.</summary>
    private sealed class PendingAppend(AppendRequest request)
    {
        private const int Waiting = 0;
        private const int Taken = 1;
        private const int Withdrawn = 2;

        private readonly TaskCompletionSource<IReadOnlyList<FeedEntry>> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _state;

        public AppendRequest Request { get; } = request;

        public Task<IReadOnlyList<FeedEntry>> Outcome => _outcome.Task;

        public bool IsTaken => Volatile.Read(ref _state) == Taken;

        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

        public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Waiting) == Waiting;

        public void Succeed(IReadOnlyList<FeedEntry> feed) => _outcome.TrySetResult(feed);

        public void Fail(Exception exception) => _outcome.TrySetException(exception);
    }

    /// <summary>
    /// The commands of one transaction's appends. On SQLite's writer connection each statement is prepared once and
    /// kept (SQLite parses and plans a statement on every preparation); otherwise each is made for one use and
    /// disposed with the transaction.
    /// </summary>
    private sealed class AppendCommands(DbTransaction transaction, SqliteWriter? writer) : IAsyncDisposable
    {
        private readonly List<DbCommand> _made = [];

        // PostgreSQL: statements whose outcome is only success or failure wait here and go in one round trip.
        private DbBatch? _batch;

        /// <summary>
        /// A statement with no result: run at once on SQLite; on PostgreSQL sent with the others at the next
        /// <see cref="FlushAsync"/>, where its failure surfaces.
        /// </summary>
        public async Task RunAsync(string sql, params (string Name, object Value)[] parameters)
        {
            if (writer is not null)
            {
                await Get(sql, parameters).ExecuteNonQueryAsync(CancellationToken.None);
                return;
            }

            _batch ??= transaction.Connection!.CreateBatch();
            AddToBatch(_batch, sql, parameters);
        }

        public async Task FlushAsync()
        {
            if (_batch is not { } batch)
            {
                return;
            }

            _batch = null;
            await using (batch)
            {
                batch.Transaction = transaction;
                await batch.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }

        public DbCommand Get(string sql, params (string Name, object Value)[] parameters)
        {
            DbCommand command;
            if (writer is not null)
            {
                command = writer.Prepared(sql);
                command.Parameters.Clear();
            }
            else
            {
                command = transaction.Connection!.CreateCommand();
                command.CommandText = sql;
                _made.Add(command);
            }

            command.Transaction = transaction;
            Bind(command.Parameters, command.CreateParameter, parameters);
            return command;
        }

        public async ValueTask DisposeAsync()
        {
            if (_batch is not null)
            {
                await _batch.DisposeAsync();
            }

            foreach (var command in _made)
            {
                await command.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// SQLite's one writing connection, kept open with its prepared statements; only the holder of the write gate
    /// uses it.
    /// </summary>
    private sealed class SqliteWriter(CoordinationDatabase database)
    {
        private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);
        private DbConnection? _connection;

        public async Task<DbConnection> OpenAsync()
        {
            if (_connection is null)
            {
                var connection = await database.OpenAsync(CancellationToken.None);
                await using (var pragma = connection.CreateCommand())
                {
                    // A group's savepoint journal grows past SQLite's in-memory limit and would otherwise be written to,
                    // and deleted from, a temporary file in /var/tmp for most groups.
                    pragma.CommandText = "PRAGMA temp_store = MEMORY";
                    await pragma.ExecuteNonQueryAsync();
                }

                _connection = connection;
            }

            return _connection;
        }

        public DbCommand Prepared(string sql)
        {
            if (!_prepared.TryGetValue(sql, out var command))
            {
                command = _connection!.CreateCommand();
                command.CommandText = sql;
                _prepared[sql] = command;
            }

            return command;
        }

        public void Close()
        {
            foreach (var command in _prepared.Values)
            {
                command.Dispose();
            }

            _prepared.Clear();
            _connection?.Dispose();
            _connection = null;
        }
    }

    /// <summary>
    /// The primary key of coordination_events (tenant, stream, sequence) turns a stale expected version into a unique
    /// violation; on PostgreSQL a concurrent writer of the same sequence waits for the first to end.
    /// </summary>
    private ConcurrencyException? StaleVersion(Exception exception, AppendRequest request) =>
        database.IsUniqueViolation(exception) && exception.Message.Contains("coordination_events", StringComparison.Ordinal)
            ? new ConcurrencyException($"Stream {request.Stream} is past version {request.ExpectedVersion}.")
            : null;

    /// <summary>What one append stores of its stream, inside the group's transaction: all but the feed.</summary>
    private static async Task WriteStreamAsync(AppendCommands commands, AppendRequest request)
    {
        var sequence = request.ExpectedVersion;
        foreach (var change in request.Events)
        {
            // A stale expected version fails here (see StaleVersion).
            await commands.RunAsync("""
                INSERT INTO coordination_events (tenant, stream, sequence, type, actor, occurred_at, payload)
                VALUES (@tenant, @stream, @sequence, @type, @actor, @at, @payload)
                """, ("tenant", request.Tenant), ("stream", request.Stream), ("sequence", ++sequence),
                ("type", change.Type), ("actor", change.Actor), ("at", change.At), ("payload", change.PayloadJson));
        }

        await commands.RunAsync("""
            INSERT INTO coordination_snapshots (tenant, stream, version, payload, updated_at)
            VALUES (@tenant, @stream, @version, @payload, @at)
            ON CONFLICT (tenant, stream) DO UPDATE SET version = excluded.version, payload = excluded.payload, updated_at = excluded.updated_at
            """, ("tenant", request.Tenant), ("stream", request.Stream), ("version", sequence),
            ("payload", request.SnapshotJson), ("at", request.Events[^1].At));

        if (request.ConcernIndex is { } concern)
        {
            await commands.RunAsync("""
                INSERT INTO coordination_concerns (tenant, concern_id, reported_by, is_open, reported_at, summary)
                VALUES (@tenant, @id, @reportedBy, @open, @reportedAt, @summary)
                ON CONFLICT (tenant, concern_id) DO UPDATE SET is_open = excluded.is_open, summary = excluded.summary
                """, ("tenant", request.Tenant), ("id", concern.Id.ToString("N")), ("reportedBy", concern.ReportedByOrganisation),
                ("open", concern.IsOpen), ("reportedAt", concern.ReportedAt.ToUniversalTime()),
                ("summary", JsonSerializer.Serialize(concern, StoreJson.Options)));
        }

        if (request.AlertIndex is { } alert)
        {
            await AppendAlertIndexAsync(commands, request.Tenant, alert);
        }

        if (request.Deadlines is { } deadlines)
        {
            await ReplaceDeadlinesAsync(commands, request.Tenant, request.Stream, deadlines);
        }
    }

    /// <summary>SQLite: one append's feed rows and its worker row, in its savepoint; the entries in the order of the drafts.</summary>
    private static async Task<IReadOnlyList<FeedEntry>> WriteFeedAsync(AppendCommands commands, AppendRequest request)
    {
        var feed = new FeedEntry[request.Feed.Count];
        for (var index = 0; index < feed.Length; index++)
        {
            feed[index] = await AppendFeedAsync(commands, request.Tenant, request.Feed[index]);
        }

        if (request.ConcernIndex is { } concern)
        {
            var (sql, parameters) = WorkerIndex(request.Tenant, concern);
            await commands.RunAsync(sql, parameters);
        }

        return feed;
    }

    /// <summary>
    /// Who the concern is with: one row while it is open and with a worker, none otherwise. Each worker's count of open
    /// assignments follows from this table's triggers (schema step 11), not from here, so that hosts of an earlier
    /// release, which write this table alone during a rollout, keep the counts right too.
    /// </summary>
    private static (string Sql, (string Name, object Value)[] Parameters) WorkerIndex(string tenant, ConcernSummary concern)
    {
        var id = concern.Id.ToString("N");
        return concern.IsOpen && concern.IsWithWorker
            ? ("""
                INSERT INTO coordination_concern_workers (tenant, concern_id, worker_id) VALUES (@tenant, @id, @worker)
                ON CONFLICT (tenant, concern_id) DO UPDATE SET worker_id = excluded.worker_id
                """, [("tenant", tenant), ("id", id), ("worker", concern.AssignedTo!)])
            : ("DELETE FROM coordination_concern_workers WHERE tenant = @tenant AND concern_id = @id", [("tenant", tenant), ("id", id)]);
    }

    /// <summary>
    /// PostgreSQL: every head and feed row of a group's appends in one round trip, one statement per feed row, and then
    /// the concerns' worker rows. The rows go in one global order, (tenant, audience) and within it the group's order,
    /// so that two groups naming the same audiences cannot deadlock on the heads' row locks. A head's lock serialises
    /// all appends to that audience (every change goes to <c>coordinators</c>) until the commit, so the locked section
    /// is this batch and the commit (finding 7 in docs/performance.md).
    /// </summary>
    /// <remarks>
    /// A worker row's trigger locks the worker's count row until the commit (schema step 11). Written after the heads,
    /// it is only ever waited for by the holder of the tenant's <c>coordinators</c> head; written before them, every
    /// append for a busy worker queued on the worker's row behind one that itself queued on the head, and under load
    /// those queues grew without end (finding 8).
    /// </remarks>
    private static async Task<IReadOnlyList<FeedEntry>[]> AppendFeedsAsync(DbTransaction transaction, IReadOnlyList<AppendRequest> requests)
    {
        var feeds = requests.Select(request => new FeedEntry[request.Feed.Count]).ToArray();
        var ordered = requests
            .SelectMany((request, append) => request.Feed.Select((draft, index) => (request.Tenant, Draft: draft, Append: append, Index: index)))
            .OrderBy(row => row.Tenant, StringComparer.Ordinal)
            .ThenBy(row => row.Draft.Audience, StringComparer.Ordinal)
            .ToList();
        await using var batch = transaction.Connection!.CreateBatch();
        batch.Transaction = transaction;
        foreach (var (tenant, draft, _, _) in ordered)
        {
            AddToBatch(batch, """
                WITH head AS (
                    INSERT INTO coordination_feed_heads (tenant, audience, sequence) VALUES (@tenant, @audience, 1)
                    ON CONFLICT (tenant, audience) DO UPDATE SET sequence = coordination_feed_heads.sequence + 1
                    RETURNING sequence)
                INSERT INTO coordination_feed (tenant, audience, sequence, type, occurred_at, data)
                SELECT @tenant, @audience, head.sequence, @type, @at, @data FROM head
                RETURNING sequence
                """, ("tenant", tenant), ("audience", draft.Audience), ("type", draft.Type), ("at", draft.At), ("data", draft.DataJson));
        }

        foreach (var request in requests)
        {
            if (request.ConcernIndex is { } concern)
            {
                var (sql, parameters) = WorkerIndex(request.Tenant, concern);
                AddToBatch(batch, sql, parameters);
            }
        }

        if (batch.BatchCommands.Count == 0)
        {
            return feeds;
        }

        await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
        for (var i = 0; i < ordered.Count; i++)
        {
            if (i > 0)
            {
                await reader.NextResultAsync(CancellationToken.None);
            }

            await reader.ReadAsync(CancellationToken.None);
            var (_, draft, append, index) = ordered[i];
            feeds[append][index] = new FeedEntry(draft.Audience, reader.GetInt64(0), draft.Type, draft.At, draft.DataJson);
        }

        // The worker rows: a failure surfaces here, before the commit.
        while (await reader.NextResultAsync(CancellationToken.None))
        {
        }

        return feeds;
    }

    private static async Task<FeedEntry> AppendFeedAsync(AppendCommands commands, string tenant, FeedDraft draft)
    {
        // The head row serialises writers of one audience, so sequences have no gaps and no repeats.
        var head = commands.Get("""
            INSERT INTO coordination_feed_heads (tenant, audience, sequence) VALUES (@tenant, @audience, 1)
            ON CONFLICT (tenant, audience) DO UPDATE SET sequence = coordination_feed_heads.sequence + 1
            RETURNING sequence
            """, ("tenant", tenant), ("audience", draft.Audience));
        var sequence = Convert.ToInt64(await head.ExecuteScalarAsync(CancellationToken.None), System.Globalization.CultureInfo.InvariantCulture);

        await commands.RunAsync("""
            INSERT INTO coordination_feed (tenant, audience, sequence, type, occurred_at, data)
            VALUES (@tenant, @audience, @sequence, @type, @at, @data)
            """, ("tenant", tenant), ("audience", draft.Audience), ("sequence", sequence), ("type", draft.Type),
            ("at", draft.At), ("data", draft.DataJson));
        return new FeedEntry(draft.Audience, sequence, draft.Type, draft.At, draft.DataJson);
    }

    private static async Task AppendAlertIndexAsync(AppendCommands commands, string tenant, AlertIndexRow row)
    {
        var id = row.Alert.Id.ToString("N");
        await commands.RunAsync("""
            INSERT INTO coordination_alerts (tenant, alert_id, is_open, sent_at, view)
            VALUES (@tenant, @id, @open, @sentAt, @view)
            ON CONFLICT (tenant, alert_id) DO UPDATE SET is_open = excluded.is_open, view = excluded.view
            """, ("tenant", tenant), ("id", id), ("open", row.Alert.Status == AlertStatus.Open), ("sentAt", row.Alert.SentAt),
            ("view", JsonSerializer.Serialize(row.Alert, StoreJson.Options)));

        foreach (var organisation in row.Organisations)
        {
            await commands.RunAsync("""
                INSERT INTO coordination_alert_addressees (tenant, alert_id, organisation_id) VALUES (@tenant, @id, @organisation)
                ON CONFLICT (tenant, alert_id, organisation_id) DO NOTHING
                """, ("tenant", tenant), ("id", id), ("organisation", organisation));
        }

        foreach (var organisation in row.Alert.Organisations)
        {
            if (organisation.AcknowledgedAt is not { } acknowledgedAt)
            {
                continue;
            }

            // The first acknowledgement stands, here as in the alert.
            await commands.RunAsync("""
                INSERT INTO coordination_alert_acknowledgements
                    (tenant, alert_id, organisation_id, kind, sent_at, acknowledged_at, time_to_acknowledge_ms)
                VALUES (@tenant, @id, @organisation, @kind, @sentAt, @acknowledgedAt, @milliseconds)
                ON CONFLICT (tenant, alert_id, organisation_id) DO NOTHING
                """, ("tenant", tenant), ("id", id), ("organisation", organisation.OrganisationId), ("kind", organisation.Kind),
                ("sentAt", row.Alert.SentAt), ("acknowledgedAt", acknowledgedAt),
                ("milliseconds", (long)(acknowledgedAt - row.Alert.SentAt).TotalMilliseconds));
        }
    }

    private static async Task ReplaceDeadlinesAsync(AppendCommands commands, string tenant, string stream, IReadOnlyList<Deadline> deadlines)
    {
        await commands.RunAsync("DELETE FROM coordination_deadlines WHERE tenant = @tenant AND stream = @stream",
            ("tenant", tenant), ("stream", stream));

        foreach (var deadline in deadlines)
        {
            await commands.RunAsync("""
                INSERT INTO coordination_deadlines (tenant, stream, kind, due_at) VALUES (@tenant, @stream, @kind, @due)
                """, ("tenant", tenant), ("stream", stream), ("kind", deadline.Kind), ("due", deadline.DueAt.ToUniversalTime()));
        }
    }

    public async Task<IReadOnlyList<DueDeadline>> ReadDueDeadlinesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT tenant, stream, kind, due_at FROM coordination_deadlines WHERE due_at <= @now ORDER BY due_at LIMIT @limit
            """, ("now", now.ToUniversalTime()), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<DueDeadline>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueDeadline(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return due;
    }

    public async Task<DateTimeOffset?> ReadNextDeadlineAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT due_at FROM coordination_deadlines ORDER BY due_at LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetFieldValue<DateTimeOffset>(0) : null;
    }

    public async Task CompleteDeadlineAsync(DueDeadline deadline, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            DELETE FROM coordination_deadlines WHERE tenant = @tenant AND stream = @stream AND kind = @kind AND due_at = @due
            """, ("tenant", deadline.Tenant), ("stream", deadline.Stream), ("kind", deadline.Kind), ("due", deadline.DueAt.ToUniversalTime()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AlertView>> ListOpenAlertsAsync(string tenant, string? organisationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = organisationId is null
            ? Command(connection, """
                SELECT view FROM coordination_alerts WHERE tenant = @tenant AND is_open ORDER BY sent_at DESC
                """, ("tenant", tenant))
            : Command(connection, """
                SELECT a.view FROM coordination_alerts a
                JOIN coordination_alert_addressees o ON o.tenant = a.tenant AND o.alert_id = a.alert_id
                WHERE a.tenant = @tenant AND a.is_open AND o.organisation_id = @organisation ORDER BY a.sent_at DESC
                """, ("tenant", tenant), ("organisation", organisationId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alerts = new List<AlertView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(JsonSerializer.Deserialize<AlertView>(reader.GetString(0), StoreJson.Options)!);
        }

        return alerts;
    }

    public async Task<IReadOnlyList<AcknowledgementTotal>> ReadAcknowledgementTotalsAsync(
        string tenant, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT organisation_id, kind, COUNT(*), SUM(time_to_acknowledge_ms) FROM coordination_alert_acknowledgements
            WHERE tenant = @tenant AND sent_at >= @since
            GROUP BY organisation_id, kind ORDER BY organisation_id, kind
            """, ("tenant", tenant), ("since", since));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var totals = new List<AcknowledgementTotal>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // SUM is a long on SQLite and a numeric (decimal) on PostgreSQL.
            totals.Add(new AcknowledgementTotal(reader.GetString(0), reader.GetString(1),
                Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                TimeSpan.FromMilliseconds(Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return totals;
    }

    public async Task<IReadOnlyList<FeedEntry>> ReadFeedAsync(string tenant, string audience, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT sequence, type, occurred_at, data FROM coordination_feed
            WHERE tenant = @tenant AND audience = @audience AND sequence > @after
            ORDER BY sequence LIMIT @limit
            """, ("tenant", tenant), ("audience", audience), ("after", afterSequence), ("limit", limit));
        return await ReadFeedEntriesAsync(command, audience, cancellationToken);
    }

    public async Task<IReadOnlyList<FeedEntry>> ReadFeedTailAsync(string tenant, string audience, int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT sequence, type, occurred_at, data FROM coordination_feed
            WHERE tenant = @tenant AND audience = @audience
            ORDER BY sequence DESC LIMIT @limit
            """, ("tenant", tenant), ("audience", audience), ("limit", count));
        var newestFirst = await ReadFeedEntriesAsync(command, audience, cancellationToken);
        return [.. newestFirst.Reverse()];
    }

    public async Task<long> ReadFeedHeadAsync(string tenant, string audience, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT sequence FROM coordination_feed_heads WHERE tenant = @tenant AND audience = @audience
            """, ("tenant", tenant), ("audience", audience));
        var head = await command.ExecuteScalarAsync(cancellationToken);
        return head is null or DBNull ? 0 : Convert.ToInt64(head, System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<IReadOnlyList<ConcernSummary>> ListOpenConcernsAsync(string tenant, CancellationToken cancellationToken = default) =>
        // is_open is boolean on PostgreSQL and 0/1 on SQLite: a bare column test reads right on both.
        ListConcernsAsync("SELECT summary FROM coordination_concerns WHERE tenant = @tenant AND is_open",
            [("tenant", tenant)], cancellationToken);

    public Task<IReadOnlyList<ConcernSummary>> ListConcernsReportedByAsync(string tenant, string organisationId, CancellationToken cancellationToken = default) =>
        ListConcernsAsync("SELECT summary FROM coordination_concerns WHERE tenant = @tenant AND reported_by = @organisation",
            [("tenant", tenant), ("organisation", organisationId)], cancellationToken);

    public Task<IReadOnlyList<ConcernSummary>> ListConcernsReportedSinceAsync(string tenant, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        ListConcernsAsync("SELECT summary FROM coordination_concerns WHERE tenant = @tenant AND reported_at >= @since",
            [("tenant", tenant), ("since", since.ToUniversalTime())], cancellationToken);

    public async Task<IReadOnlyDictionary<string, int>> CountOpenAssignmentsAsync(string tenant, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Counted by the database as assignments come and go (schema step 11); workers whose count fell to 0 keep
        // their row (one per worker the tenant has assigned to), left out here.
        await using var command = Command(connection, """
            SELECT worker_id, open_assignments FROM coordination_worker_load WHERE tenant = @tenant AND open_assignments > 0
            """, ("tenant", tenant));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            load[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return load;
    }

    public Task<IReadOnlyList<ConcernSummary>> ListOpenAssignmentsAsync(string tenant, string workerId, CancellationToken cancellationToken = default) =>
        ListConcernsAsync("""
            SELECT c.summary FROM coordination_concern_workers w
            JOIN coordination_concerns c ON c.tenant = w.tenant AND c.concern_id = w.concern_id
            WHERE w.tenant = @tenant AND w.worker_id = @worker
            """,
            [("tenant", tenant), ("worker", workerId)], cancellationToken);

    private async Task<IReadOnlyList<ConcernSummary>> ListConcernsAsync(string sql, (string, object)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var concerns = new List<ConcernSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            concerns.Add(JsonSerializer.Deserialize<ConcernSummary>(reader.GetString(0), StoreJson.Options)!);
        }

        return concerns;
    }

    private static async Task<IReadOnlyList<FeedEntry>> ReadFeedEntriesAsync(DbCommand command, string audience, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<FeedEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new FeedEntry(audience, reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return entries;
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command.Parameters, command.CreateParameter, parameters);
        return command;
    }

    private static void AddToBatch(DbBatch batch, string sql, params (string Name, object Value)[] parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        Bind(command.Parameters, command.CreateParameter, parameters);
        batch.BatchCommands.Add(command);
    }

    private static void Bind(DbParameterCollection parameters, Func<DbParameter> create, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            var parameter = create();
            parameter.ParameterName = name;
            // timestamptz takes UTC only (Npgsql refuses other offsets); SQLite keeps one comparable text form.
            parameter.Value = value is DateTimeOffset at ? at.ToUniversalTime() : value;
            parameters.Add(parameter);
        }
    }
}
