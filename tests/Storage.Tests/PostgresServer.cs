using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Coordination.Storage.Tests;

/// <summary>
/// A throwaway PostgreSQL 15 from Debian's package (postgresql), started by the tests themselves: a temp
/// folder owned by the postgres user, initdb, pg_ctl on a free loopback port, a database per suite. Shared by
/// the suites that hold a lease on it; stopped and deleted when the last lease ends. There is no skipping:
/// without PostgreSQL the suites fail, saying what to install.
/// </summary>
public sealed class PostgresServer
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _shared;
    private static int _leases;

    private readonly string _root;
    private readonly string _data;

    private PostgresServer(string root, int port)
    {
        _root = root;
        _data = Path.Combine(root, "data");
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string of a database on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = true,
        Timeout = 30,
        CommandTimeout = 60,
    }.ToString();

    /// <summary>A lease on the shared server, started on first use.</summary>
    public static async Task<Lease> AcquireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _shared ??= await StartAsync();
            _leases++;
            return new Lease(_shared);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A new empty database, named after the suite.</summary>
    public async Task<string> CreateDatabaseAsync(string suite)
    {
        var name = $"{suite}_{Guid.NewGuid():N}"[..Math.Min(suite.Length + 33, 63)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private static async Task<PostgresServer> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({Bin}/initdb is missing). Install Debian's package: apt-get install postgresql (.ci/run does).");
        }

        // As root, under /tmp: the postgres user must reach the folder (a TMPDIR under /root it could not), and
        // the socket path must stay short.
        var root = Path.Combine(Environment.IsPrivilegedProcess ? "/tmp" : Path.GetTempPath(), $"coordination-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var server = new PostgresServer(root, FreePorts.Next());
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                // initdb refuses to run as root (CI runs as root): the cluster belongs to the postgres user.
                await RunAsync("chown", ["postgres:postgres", root]);
            }

            await server.AsServerUserAsync("initdb", ["-D", server._data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
            await server.AsServerUserAsync("pg_ctl", [
                "-D", server._data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
                "-o", $"-p {server.Port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                "start"]);
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.StopAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            catch (Exception exception)
            {
                throw new InvalidOperationException($"PostgreSQL did not accept connections within 60 s. Log:\n{ReadLog()}", exception);
            }
        }
    }

    private async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                await AsServerUserAsync("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "-t", "60", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string ReadLog()
    {
        var log = Path.Combine(_root, "server.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no server log)";
    }

    private Task AsServerUserAsync(string tool, string[] arguments) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. arguments])
            : RunAsync(Path.Combine(Bin, tool), arguments);

    private static async Task RunAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:\n{await output}\n{await error}");
        }
    }

    /// <summary>A suite's hold on the shared server; the last one to end stops and deletes it.</summary>
    public sealed class Lease(PostgresServer server) : IAsyncDisposable
    {
        private int _disposed;

        public PostgresServer Server { get; } = server;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            await Gate.WaitAsync();
            try
            {
                if (--_leases == 0 && _shared is { } shared)
                {
                    _shared = null;
                    await shared.StopAsync();
                }
            }
            finally
            {
                Gate.Release();
            }
        }
    }
}
