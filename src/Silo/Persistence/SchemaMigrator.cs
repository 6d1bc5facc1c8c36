using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Silo.Persistence;

/// <summary>
/// Applies the project's schema in numbered, recorded steps: each step runs once, in a transaction, and is
/// recorded in coordination_schema in that same transaction; running the migrator again changes nothing.
/// </summary>
/// <remarks>
/// Step numbers are shared by both providers and never reused. A step may apply to one provider only
/// (Orleans has no SQLite clustering or reminders): a database is current when every step of its provider
/// is recorded. Never change what a recorded step does; add a step instead.
/// </remarks>
public sealed class SchemaMigrator(
    CoordinationDatabase database,
    IDbContextFactory<CoordinationDbContext> contexts,
    ILogger<SchemaMigrator> logger)
{
    /// <summary>One step of the schema, for the providers it names.</summary>
    public sealed record Step(int Version, string Name, bool OnSqlite, bool OnPostgreSql);

    private static readonly Step[] AllSteps =
    [
        new(1, "orleans-storage", OnSqlite: true, OnPostgreSql: true),
        new(2, "coordination-events", OnSqlite: true, OnPostgreSql: true),
        new(3, "accounts-and-directory", OnSqlite: true, OnPostgreSql: true),
        new(4, "data-protection-keys", OnSqlite: true, OnPostgreSql: true),
        new(5, "orleans-clustering", OnSqlite: false, OnPostgreSql: true),
        new(6, "orleans-reminders", OnSqlite: false, OnPostgreSql: true),
        new(7, "alerts", OnSqlite: true, OnPostgreSql: true),
        new(8, "deadlines", OnSqlite: true, OnPostgreSql: true),
        new(9, "alert-acknowledgements", OnSqlite: true, OnPostgreSql: true),
        new(10, "concern-workers", OnSqlite: true, OnPostgreSql: true),
        new(11, "worker-load", OnSqlite: true, OnPostgreSql: true),
    ];

    /// <summary>Serialises migrators on PostgreSQL (two replicas or jobs started at once).</summary>
    private const long AdvisoryLockKey = 0x436F6F72_64536368; // "CoordSch"

    /// <summary>The steps this database's provider needs, in order.</summary>
    public IReadOnlyList<Step> Steps =>
        [.. AllSteps.Where(s => database.Provider == DatabaseProvider.Sqlite ? s.OnSqlite : s.OnPostgreSql)];

    /// <summary>The schema version this host needs: the last step of its provider.</summary>
    public int LatestVersion => Steps[^1].Version;

    public Task MigrateAsync(CancellationToken cancellationToken = default) => MigrateAsync(int.MaxValue, cancellationToken);

    /// <summary>Applies the missing steps up to and including <paramref name="upToVersion"/>.</summary>
    public async Task MigrateAsync(int upToVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // WAL is a property of the file: set once, kept by every later connection.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await using (var transaction = await BeginLockedAsync(connection, cancellationToken))
        {
            await ExecuteAsync(connection, transaction, """
                CREATE TABLE IF NOT EXISTS coordination_schema
                (
                    version    INTEGER      NOT NULL PRIMARY KEY,
                    name       VARCHAR(100) NOT NULL,
                    applied_at VARCHAR(40)  NOT NULL
                );
                """, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var applied = await ReadAppliedAsync(connection, null, cancellationToken);
        foreach (var step in Steps.Where(s => s.Version <= upToVersion && !applied.Contains(s.Version)))
        {
            var sql = await ScriptAsync(step);
            await using var transaction = await BeginLockedAsync(connection, cancellationToken);
            if ((await ReadAppliedAsync(connection, transaction, cancellationToken)).Contains(step.Version))
            {
                // Another migrator applied it while this one waited for the lock.
                continue;
            }

            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO coordination_schema (version, name, applied_at) VALUES (@version, @name, @at)";
                AddParameter(record, "version", step.Version);
                AddParameter(record, "name", step.Name);
                AddParameter(record, "at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied schema step {Version} ({Name})", step.Version, step.Name);
        }
    }

    /// <summary>The schema version the database is at (its highest recorded step); 0 for an empty database.</summary>
    public async Task<int> ReadVersionAsync(CancellationToken cancellationToken = default)
    {
        var applied = await ReadAppliedOrNoneAsync(cancellationToken);
        return applied.Count == 0 ? 0 : applied.Max();
    }

    /// <summary>The steps of this provider that the database has not recorded yet.</summary>
    public async Task<IReadOnlyList<Step>> ReadPendingStepsAsync(CancellationToken cancellationToken = default)
    {
        var applied = await ReadAppliedOrNoneAsync(cancellationToken);
        return [.. Steps.Where(s => !applied.Contains(s.Version))];
    }

    /// <summary>
    /// The cluster-mode start-up check: the schema is applied by the migration command, never by a replica
    /// starting, so a host refuses to run against a schema older than it needs.
    /// </summary>
    /// <exception cref="SchemaOutdatedException">Some step of this provider is not recorded.</exception>
    public async Task EnsureCurrentAsync(CancellationToken cancellationToken = default)
    {
        var pending = await ReadPendingStepsAsync(cancellationToken);
        if (pending.Count > 0)
        {
            var version = await ReadVersionAsync(cancellationToken);
            throw new SchemaOutdatedException(version, LatestVersion, pending);
        }
    }

    /// <summary>The SQL of a step, as the migrator runs it on this database's provider.</summary>
    public async Task<string> ScriptAsync(Step step)
    {
        if (step.Version == 3)
        {
            // Identity and the directory, as EF Core creates them. This step is generated from the model:
            // the model of CoordinationDbContext must not change without a new step that changes the tables.
            await using var db = await contexts.CreateDbContextAsync();
            return db.Database.GenerateCreateScript();
        }

        return EmbeddedScript(database.Provider, $"{step.Version:000}-{step.Name}.sql");
    }

    /// <summary>A hand-written script embedded in the host (Persistence/Scripts/{Sqlite|PostgreSql}/).</summary>
    public static string EmbeddedScript(DatabaseProvider provider, string fileName)
    {
        var folder = provider == DatabaseProvider.Sqlite ? "Sqlite" : "PostgreSql";
        var resource = $"Coordination.Silo.Persistence.Scripts.{folder}.{fileName}";
        using var stream = typeof(SchemaMigrator).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Schema script {resource} is not embedded in the host.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private async Task<HashSet<int>> ReadAppliedOrNoneAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await SchemaTableExistsAsync(connection, cancellationToken))
        {
            return [];
        }

        return await ReadAppliedAsync(connection, null, cancellationToken);
    }

    private async Task<bool> SchemaTableExistsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = database.Provider == DatabaseProvider.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'coordination_schema'"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'coordination_schema'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>A transaction that, on PostgreSQL, holds the migration lock until it ends.</summary>
    private async Task<DbTransaction> BeginLockedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey});", cancellationToken);
        }

        return transaction;
    }

    private static async Task<HashSet<int>> ReadAppliedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM coordination_schema";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return versions;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The database has not been migrated to what this host needs.</summary>
public sealed class SchemaOutdatedException(int version, int needed, IReadOnlyList<SchemaMigrator.Step> pending)
    : InvalidOperationException(
        $"The database schema is at version {version} but this host needs {needed} " +
        $"(missing steps: {string.Join(", ", pending.Select(s => $"{s.Version} {s.Name}"))}). " +
        "Run the host once with the 'migrate' argument (the migration command, e.g. the Kubernetes migration Job) first.")
{
    public int Version { get; } = version;

    public int Needed { get; } = needed;

    public IReadOnlyList<SchemaMigrator.Step> Pending { get; } = pending;
}
