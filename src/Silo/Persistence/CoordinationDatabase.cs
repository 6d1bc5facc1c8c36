using System.Data.Common;
using Coordination.Silo.Options;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Coordination.Silo.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>The one database of a deployment: grain state, events, accounts, all in it.</summary>
public sealed class CoordinationDatabase
{
    public CoordinationDatabase(StorageOptions options, string contentRoot)
    {
        if (options.IsCluster)
        {
            Provider = DatabaseProvider.PostgreSql;
            ConnectionString = options.PostgreSql!;
            return;
        }

        var directory = Path.GetFullPath(options.DataDirectory, contentRoot);
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, "coordination.db");
        Provider = DatabaseProvider.Sqlite;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy database (one writer at a time) for up to this many seconds.
            DefaultTimeout = 30,
        }.ToString();
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The SQLite file in embedded mode; back it up with its -wal file, or with sqlite3 .backup.</summary>
    public string? FilePath { get; }

    /// <summary>The invariant name the Orleans ADO.NET providers load their driver by.</summary>
    public string OrleansInvariant => Provider == DatabaseProvider.Sqlite ? "System.Data.SQLite" : "Npgsql";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(ConnectionString)
            : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
