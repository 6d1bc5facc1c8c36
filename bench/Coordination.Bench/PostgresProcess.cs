using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace Coordination.Bench;

/// <summary>
/// A throwaway PostgreSQL 15 for the cluster scenario (the way tests/Storage.Tests/PostgresServer.cs starts one):
/// initdb in a temp folder owned by the postgres user, pg_ctl on a free loopback port, stopped and deleted at
/// the end. If the harness itself is stopped (SIGTERM), an immediate shutdown and the folder's removal still run.
/// Durability stays at PostgreSQL's defaults (fsync, synchronous commit), as the embedded mode's SQLite syncs too.
/// </summary>
public sealed partial class PostgresProcess : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";

    /// <summary>Linux reports process CPU in clock ticks of 1/100 s (USER_HZ).</summary>
    private const double TicksPerSecond = 100;

    private readonly string _root;
    private readonly string _data;
    private int _stopped;

    private PostgresProcess(string root, int port)
    {
        _root = root;
        _data = Path.Combine(root, "data");
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Timeout = 30,
        CommandTimeout = 60,
    }.ToString();

    public static async Task<PostgresProcess> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException($"The cluster scenario needs PostgreSQL 15 ({Bin}/initdb is missing): apt-get install postgresql.");
        }

        // As root, under /tmp: the postgres user must reach the folder, and the socket path must stay short.
        var root = Path.Combine(Environment.IsPrivilegedProcess ? "/tmp" : Path.GetTempPath(), $"coordination-bench-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var server = new PostgresProcess(root, ServerProcess.FreePort());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopNow();
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                // initdb refuses to run as root: the cluster belongs to the postgres user.
                await RunAsync("chown", ["postgres:postgres", root], cancellationToken);
            }

            await server.AsServerUserAsync("initdb", ["-D", server._data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"], cancellationToken);
            await server.AsServerUserAsync("pg_ctl", [
                "-D", server._data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
                "-o", $"-p {server.Port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -k {root} -c max_connections=400 " +
                    "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on",
                "start"], cancellationToken);
            await server.WaitUntilReadyAsync(cancellationToken);
            await server.ExecuteAsync("postgres", "CREATE EXTENSION pg_stat_statements", cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public Task CreateDatabaseAsync(string name, CancellationToken cancellationToken) =>
        ExecuteAsync("postgres", $"CREATE DATABASE \"{name}\"", cancellationToken);

    /// <summary>Forgets every statement's figures (pg_stat_statements), so that the next read covers one window.</summary>
    public Task ResetStatementsAsync(CancellationToken cancellationToken) =>
        ExecuteAsync("postgres", "SELECT pg_stat_statements_reset()", cancellationToken);

    /// <summary>
    /// The statements of one database since the last reset, most time first: planning plus execution, which includes
    /// waiting for row locks. The texts are normalised (constants replaced by $n), so they carry no data.
    /// </summary>
    public async Task<IReadOnlyList<StatementCost>> ReadStatementsAsync(string database, int limit, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT s.query, s.calls, s.total_exec_time, s.total_plan_time, s.plans
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = @database AND s.calls > 0
            ORDER BY s.total_exec_time + s.total_plan_time DESC
            LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("database", database);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var statements = new List<StatementCost>();
        while (await reader.ReadAsync(cancellationToken))
        {
            statements.Add(new StatementCost(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetInt64(4)));
        }

        return statements;
    }

    /// <summary>
    /// User plus kernel CPU time of the postmaster and its backends so far (from /proc): the living backends'
    /// own time, and the postmaster's own plus that of the backends it has reaped.
    /// </summary>
    public TimeSpan CpuTime()
    {
        if (PostmasterPid() is not { } postmaster)
        {
            return TimeSpan.Zero;
        }

        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // After "pid (name) ": state, ppid, ... utime is the 14th field of the line, stime the 15th, cutime and cstime follow.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
            if (pid == postmaster)
            {
                ticks += Field(14) + Field(15) + Field(16) + Field(17);
            }
            else if (Field(4) == postmaster)
            {
                ticks += Field(14) + Field(15);
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            if (PostmasterPid() is not null)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await AsServerUserAsync("pg_ctl", ["-D", _data, "-m", "fast", "-w", "-t", "30", "stop"], limit.Token);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException)
        {
            Console.WriteLine($"  warning: pg_ctl stop failed ({exception.Message.Split('\n')[0]}); stopping PostgreSQL at once.");
            KillPostmaster();
        }
        finally
        {
            DeleteFolder();
        }
    }

    /// <summary>When the harness is stopped: immediate shutdown (SIGQUIT to the postmaster), then the folder goes.</summary>
    private void StopNow()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        KillPostmaster();
        DeleteFolder();
    }

    private void KillPostmaster()
    {
        if (PostmasterPid() is not { } pid)
        {
            return;
        }

        _ = Kill(pid, 3);
        var clock = Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}") && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(50);
        }
    }

    private void DeleteFolder()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.WriteLine($"  warning: could not delete {_root}: {exception.Message}");
        }
    }

    private int? PostmasterPid()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(_data, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task ExecuteAsync(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private Task AsServerUserAsync(string tool, string[] arguments, CancellationToken cancellationToken) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. arguments], cancellationToken)
            : RunAsync(Path.Combine(Bin, tool), arguments, cancellationToken);

    private static async Task RunAsync(string fileName, string[] arguments, CancellationToken cancellationToken)
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
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:\n{await output}\n{await error}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

/// <summary>One statement's figures in pg_stat_statements: times in milliseconds.</summary>
public sealed record StatementCost(string Query, long Calls, double ExecMilliseconds, double PlanMilliseconds, long Plans)
{
    public double TotalMilliseconds => ExecMilliseconds + PlanMilliseconds;
}
