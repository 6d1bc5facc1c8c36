using System.Data.Common;
using System.Globalization;
using System.Text;
using Coordination.Silo.Persistence;

namespace Coordination.Storage.Tests;

/// <summary>A text dump of a database's schema and schema data, to compare before and after a migration.</summary>
public static class Catalogue
{
    private static readonly string[] SqliteQueries =
    [
        "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master ORDER BY type, name",
        "SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", COALESCE(p.dflt_value, ''), p.pk FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid",
    ];

    private static readonly string[] PostgreSqlQueries =
    [
        """
        SELECT table_name, column_name, ordinal_position, data_type, is_nullable, COALESCE(column_default, ''), COALESCE(is_identity, '')
        FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
        """,
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY tablename, indexname",
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
        WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2
        """,
        """
        SELECT event_object_table, trigger_name, event_manipulation, action_timing, action_orientation, action_statement
        FROM information_schema.triggers WHERE trigger_schema = current_schema() ORDER BY 1, 2, 3
        """,
        "SELECT proname, prosrc FROM pg_proc WHERE pronamespace = current_schema()::regnamespace ORDER BY proname",
        "SELECT relname, relkind FROM pg_class WHERE relnamespace = current_schema()::regnamespace ORDER BY relname",
    ];

    private static readonly string[] CommonQueries =
    [
        "SELECT QueryKey, QueryText FROM OrleansQuery ORDER BY QueryKey",
        "SELECT version, name, applied_at FROM coordination_schema ORDER BY version",
    ];

    public static async Task<string> DumpAsync(CoordinationDatabase database)
    {
        await using var connection = await database.OpenAsync();
        var dump = new StringBuilder();
        var queries = database.Provider == DatabaseProvider.Sqlite ? SqliteQueries : PostgreSqlQueries;
        foreach (var query in queries.Concat(CommonQueries))
        {
            dump.AppendLine(CultureInfo.InvariantCulture, $"-- {query}");
            await using var command = connection.CreateCommand();
            command.CommandText = query;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.AppendLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount)
                    .Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }

        return dump.ToString();
    }

    public static async Task<long> CountAsync(CoordinationDatabase database, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>A step's script run again as the migrator runs it: in one transaction (PostgreSQL's LOCK TABLE needs one).</summary>
    public static async Task RunScriptAsync(CoordinationDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    public static async Task ExecuteAsync(CoordinationDatabase database, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }
}
