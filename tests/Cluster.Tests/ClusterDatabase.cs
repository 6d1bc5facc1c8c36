using Npgsql;

namespace Coordination.Cluster.Tests;

/// <summary>The database the hosts of one test share, and what the tests read from it directly.</summary>
public sealed record ClusterDatabase(string ConnectionString, string ServiceId, string ClusterId)
{
    /// <summary>Orleans' SiloStatus.Active and SiloStatus.Dead, as the membership table stores them.</summary>
    public const int Active = 3;

    public const int Dead = 6;

    /// <summary>The streams that have a concern.reported event in the event table (what the audit log keeps).</summary>
    public async Task<HashSet<string>> ReadReportedStreamsAsync(string tenant)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT stream FROM coordination_events WHERE tenant = @tenant AND type = 'concern.reported'", connection);
        command.Parameters.AddWithValue("tenant", tenant);
        var streams = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            streams.Add(reader.GetString(0));
        }

        return streams;
    }

    /// <summary>The durable feed of an audience after a sequence: what a catch-up must answer.</summary>
    public async Task<IReadOnlyList<(long Sequence, string Type)>> ReadFeedAsync(string tenant, string audience, long afterSequence)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT sequence, type FROM coordination_feed WHERE tenant = @tenant AND audience = @audience AND sequence > @after ORDER BY sequence",
            connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("audience", audience);
        command.Parameters.AddWithValue("after", afterSequence);
        var feed = new List<(long, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            feed.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return feed;
    }

    /// <summary>The status of the newest generation of the silo on <paramref name="siloPort"/> in this cluster's membership table.</summary>
    public async Task<int?> ReadSiloStatusAsync(int siloPort)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status FROM orleansmembershiptable WHERE deploymentid = @cluster AND port = @port ORDER BY generation DESC LIMIT 1",
            connection);
        command.Parameters.AddWithValue("cluster", ClusterId);
        command.Parameters.AddWithValue("port", siloPort);
        return await command.ExecuteScalarAsync() is int status ? status : null;
    }

    /// <summary>The silos of this cluster the membership table holds as active, as "address:port".</summary>
    public async Task<IReadOnlyList<string>> ReadActiveSilosAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT address, port FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = @active ORDER BY port",
            connection);
        command.Parameters.AddWithValue("cluster", ClusterId);
        command.Parameters.AddWithValue("active", Active);
        var silos = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            silos.Add($"{reader.GetString(0)}:{reader.GetInt32(1)}");
        }

        return silos;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
