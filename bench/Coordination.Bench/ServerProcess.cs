using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Coordination.Bench;

/// <summary>A server under test: the host or the floor as a child process, or a host someone else runs (--url).</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly StreamWriter? _log;

    private ServerProcess(string name, Uri baseAddress, Process? process, StreamWriter? log)
    {
        Name = name;
        BaseAddress = baseAddress;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    /// <summary>From the process's start to the host's "Demo mode" line: schema migrated and demo data seeded, silo not started yet.</summary>
    public TimeSpan? SeededAfter { get; private set; }

    /// <summary>From the process's start to the first 200 of /health/ready.</summary>
    public TimeSpan StartToReady { get; private set; }

    public bool CanMeasureProcess => _process is not null;

    /// <summary>The process id, for readings the Process class does not give (/proc, diagnostics tools).</summary>
    public int? ProcessId => _process?.Id;

    public static ServerProcess Running(string name, Uri baseAddress, int? pid) =>
        new(name, baseAddress, pid is { } id ? Process.GetProcessById(id) : null, null);

    /// <summary>The host from a Release publish: embedded mode on loopback, free ports, the given data folder, demo mode.</summary>
    /// <param name="settings">Further settings as environment variables, over the defaults (cluster mode: Storage__PostgreSql...).</param>
    public static Task<ServerProcess> StartHostAsync(
        string siloDirectory, string dataDirectory, int tickMilliseconds, string logPath, CancellationToken cancellationToken, string name = "host",
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var apphost = Path.Combine(siloDirectory, "Coordination.Silo");
        var start = File.Exists(apphost)
            ? new ProcessStartInfo(apphost)
            : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(siloDirectory, "Coordination.Silo.dll") } };
        start.WorkingDirectory = siloDirectory;
        var environment = start.Environment;
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment["Storage__DataDirectory"] = dataDirectory;
        environment["Orleans__SiloPort"] = Text(FreePort());
        environment["Orleans__GatewayPort"] = Text(FreePort());
        environment["Orleans__ServiceId"] = "coordination-bench";
        environment["Orleans__ClusterId"] = "coordination-bench";
        environment["Demo__Enabled"] = "true";
        environment["Live__TickMilliseconds"] = Text(tickMilliseconds);
        environment["RateLimits__ReportsPerMinute"] = "100000000";
        environment["RateLimits__SignInsPerMinute"] = "100000000";
        environment["Logging__LogLevel__Default"] = "Warning";
        environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return StartAsync(name, start, port, logPath, cancellationToken);
    }

    /// <summary>The floor: this executable in its "floor" mode, with server GC and thread-pool spinning like the host.</summary>
    public static Task<ServerProcess> StartFloorAsync(int tickMilliseconds, string logPath, CancellationToken cancellationToken, bool perAudienceEdge = false)
    {
        var port = FreePort();
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self) { ArgumentList = { typeof(ServerProcess).Assembly.Location } }
            : new ProcessStartInfo(self);
        foreach (var argument in new[] { "floor", "--port", Text(port), "--tick", Text(tickMilliseconds) })
        {
            start.ArgumentList.Add(argument);
        }

        if (perAudienceEdge)
        {
            start.ArgumentList.Add("--edge");
        }

        start.Environment["DOTNET_gcServer"] = "1";
        // As the host's runtimeconfig (src/Silo/Coordination.Silo.csproj): idle thread-pool workers do not spin.
        start.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var name = tickMilliseconds <= 0 ? "floor-direct" : perAudienceEdge ? "floor-edge" : "floor-tick";
        return StartAsync(name, start, port, logPath, cancellationToken);
    }

    private static async Task<ServerProcess> StartAsync(string name, ProcessStartInfo start, int port, string logPath, CancellationToken cancellationToken)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}");
        var server = new ServerProcess(name, new Uri($"http://127.0.0.1:{port}"), process, log);
        // If the harness itself is stopped (SIGTERM, Ctrl+C), its servers go with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
            }
        };
        process.OutputDataReceived += (_, line) =>
        {
            if (server.SeededAfter is null && line.Data?.StartsWith("Demo mode", StringComparison.Ordinal) == true)
            {
                server.SeededAfter = clock.Elapsed;
            }

            Write(log, line.Data);
        };
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = TimeSpan.FromSeconds(120);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {name} exited with code {process.ExitCode} before it was ready; see {logPath}.");
            }

            if (clock.Elapsed > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"The {name} was not ready within {deadline.TotalSeconds} s; see {logPath}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(server.BaseAddress, "/health/ready"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    server.StartToReady = clock.Elapsed;
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow answer while starting.
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>User plus kernel CPU time of the server process so far.</summary>
    public TimeSpan CpuTime()
    {
        if (_process is null)
        {
            return TimeSpan.Zero;
        }

        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public long WorkingSet()
    {
        if (_process is null)
        {
            return 0;
        }

        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>Stops the process as an orchestrator would (SIGTERM, then kill after a grace period).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is not null && _log is not null)
        {
            try
            {
                if (!_process.HasExited)
                {
                    _ = Kill(_process.Id, 15);
                    using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                    try
                    {
                        await _process.WaitForExitAsync(grace.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        _process.Kill(entireProcessTree: true);
                        await _process.WaitForExitAsync();
                    }
                }
            }
            finally
            {
                _process.Dispose();
                await _log.DisposeAsync();
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
