using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Silo.Persistence;

/// <summary>
/// Applies the project's schema in numbered, recorded steps: each step runs once, in a transaction, and
/// running the migrator again changes nothing.
/// </summary>
public sealed class SchemaMigrator(
    CoordinationDatabase database,
    IDbContextFactory<CoordinationDbContext> contexts,
    ILogger<SchemaMigrator> logger)
{
    private sealed record Step(int Version, string Name, Func<Task<string>> Sql);

    public int LatestVersion => Steps.Max(s => s.Version);

    private IReadOnlyList<Step> Steps =>
    [
        new(1, "orleans-storage", () => Task.FromResult(Script("001-orleans-storage.sql"))),
        new(2, "coordination-events", () => Task.FromResult(Script("002-coordination-events.sql"))),
        new(3, "accounts-and-directory", AccountsScriptAsync),
    ];

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // WAL is a property of the file: set once, kept by every later connection.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS coordination_schema
            (
                version    INTEGER      NOT NULL PRIMARY KEY,
                name       VARCHAR(100) NOT NULL,
                applied_at VARCHAR(40)  NOT NULL
            );
            """, cancellationToken);

        var applied = await ReadAppliedAsync(connection, cancellationToken);
        foreach (var step in Steps.Where(s => !applied.Contains(s.Version)).OrderBy(s => s.Version))
        {
            var sql = await step.Sql();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await ExecuteAsync(connection, transaction,
                $"INSERT INTO coordination_schema (version, name, applied_at) VALUES ({step.Version}, '{step.Name}', '{DateTimeOffset.UtcNow:O}');",
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied schema step {Version} ({Name})", step.Version, step.Name);
        }
    }

    /// <summary>The schema version the database is at; 0 for an empty database.</summary>
    public async Task<int> ReadVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            return applied.Count == 0 ? 0 : applied.Max();
        }
        catch (DbException)
        {
            return 0;
        }
    }

    private async Task<string> AccountsScriptAsync()
    {
        await using var db = await contexts.CreateDbContextAsync();
        return db.Database.GenerateCreateScript();
    }

    private string Script(string fileName)
    {
        var folder = database.Provider == DatabaseProvider.Sqlite ? "Sqlite" : "PostgreSql";
        var resource = $"Coordination.Silo.Persistence.Scripts.{folder}.{fileName}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Schema script {resource} is not embedded in the host.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<HashSet<int>> ReadAppliedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM coordination_schema";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return versions;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
