using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Coordination.Bench;

// The benchmark harness (docs/performance.md). "floor" runs this executable as the floor server.
if (args.Length > 0 && args[0] == "floor")
{
    await FloorServer.RunAsync(IntOption(args, "--port", 0), IntOption(args, "--tick", 50), args.Contains("--edge"));
    return 0;
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Coordination benchmark harness: latency, throughput, CPU and memory of the live picture, against a floor.

          dotnet run -c Release --project bench/Coordination.Bench -- [options]

          --quick                 two scenarios (realistic mix, broadcast) against host and floor, shorter phases
          --only a,b              run only these scenarios (mix-1000, broadcast-1000, mix-1000-r5, mix-1000-r25,
                                  mix-1000-r50, mix-1000-r100, mix-100-r50, mix-2000-r50, broadcast-1000-r25, custom,
                                  alerts-1000, alerts-100)
                                  alerts-*: coordinators send alerts (10/s) to 1-3 partner organisations; one member of
                                  each acknowledges on receipt; rows "sent" and "acknowledged"
          --boards N --members N --rate R
                                  add a "custom" scenario (realistic mix shape) with these numbers
          --tick MS               coalescing tick of the host and the floor (default 50)
          --warmup S --duration S phases of each scenario (default 3 and 8; quick 2 and 5)
          --deadline S            a delta later than this after its action counts as lost (default 10)
          --no-startup            skip the start-to-ready restart measurement
          --start-only [--runs N] only start to ready: N rounds (default 5) of a fresh start and a restart, medians
                                  (with --compare-silo-dir both hosts, turn about)
          --circuits-only [--circuits 10,25,50] [--runs N] [--board-concerns N] [--live-reports N] [--no-gcdump]
                                  only the memory of open board pages: real Chromium pages (/usr/bin/chromium), each its
                                  own Blazor Server circuit, N runs (default 3) on a fresh host with a board of 30 open
                                  concerns; live heap through dotnet-gcdump if installed (with --compare-silo-dir both hosts)
          --cluster               cluster mode on a throwaway PostgreSQL: one host against two hosts in one Orleans cluster
                                  (clients and actions split across them), with PostgreSQL's CPU and the cross-host hop;
                                  mix-1000-r5, -r10, -r25, -r50, -r100 and broadcast-1000-r10 unless --only; no floor, no memory or
                                  restart phases
          --no-memory             skip the idle-connection memory measurement
          --no-floor              skip the floor servers (no ratios)
          --url URL [--pid PID]   target a host someone else runs (demo mode, high rate limits); CPU and memory need its PID
          --silo-dir DIR          use this publish of src/Silo instead of publishing one
          --compare-silo-dir DIR  a second host (e.g. a patched publish) measured in the same run, turn about
          --compare-name NAME     its name in the tables (default host-b)
          --no-publish            use bench/.publish/silo as it is
          --results DIR           where to write the tables (default bench/results)
        """);
    return 0;
}

var quick = args.Contains("--quick");
var tick = IntOption(args, "--tick", 50);
var settings = new Settings(
    Warmup: TimeSpan.FromSeconds(IntOption(args, "--warmup", quick ? 2 : 3)),
    Measure: TimeSpan.FromSeconds(IntOption(args, "--duration", quick ? 5 : 8)),
    Deadline: TimeSpan.FromSeconds(IntOption(args, "--deadline", 10)),
    MaxDrain: TimeSpan.FromSeconds(IntOption(args, "--deadline", 10)),
    ConnectParallelism: 32);
var root = FindRoot();
var resultsDirectory = Option(args, "--results") ?? Path.Combine(root, "bench", "results");
var runsDirectory = Path.Combine(resultsDirectory, "runs");
Directory.CreateDirectory(runsDirectory);
var started = DateTimeOffset.UtcNow;
var stamp = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
var logPath = Path.Combine(runsDirectory, $"{stamp}-servers.log");

var warmUp = new Scenario("warm-up", "not recorded", 50, 950, 100, false, false);

var scenarios = new List<Scenario>
{
    new("mix-1000", "Realistic mix: 50 coordinator boards + 950 partner members and workers, 200 actions/s", 50, 950, 200, false, !quick),
    new("broadcast-1000", "Broadcast stress: 1,000 boards that see everything, 200 actions/s", 1000, 0, 200, true, !quick),
};
if (!quick)
{
    // How cost grows with the action rate (1,000 connections) and with connections (50 actions/s).
    // A rate still above what a city sees at its busiest, where the leading edge, not the tick, decides.
    scenarios.Add(new("mix-1000-r5", "Realistic mix, 1,000 connections, 5 actions/s", 50, 950, 5, false, false));
    scenarios.Add(new("mix-1000-r25", "Realistic mix, 1,000 connections, 25 actions/s", 50, 950, 25, false, false));
    scenarios.Add(new("mix-1000-r50", "Realistic mix, 1,000 connections, 50 actions/s", 50, 950, 50, false, false));
    scenarios.Add(new("mix-1000-r100", "Realistic mix, 1,000 connections, 100 actions/s", 50, 950, 100, false, false));
    scenarios.Add(new("mix-100-r50", "Realistic mix shape, 100 connections, 50 actions/s", 5, 95, 50, false, false));
    scenarios.Add(new("mix-2000-r50", "Realistic mix shape, 2,000 connections, 50 actions/s", 100, 1900, 50, false, false));
    // A broadcast the clients of one process can still read on this machine (see docs/performance.md).
    scenarios.Add(new("broadcast-1000-r25", "Broadcast, 1,000 boards, 25 actions/s", 1000, 0, 25, true, false));
}

if (Option(args, "--rate") is not null || Option(args, "--members") is not null || Option(args, "--boards") is not null)
{
    var boards = IntOption(args, "--boards", 50);
    var members = IntOption(args, "--members", 950);
    scenarios.Add(new("custom", $"{boards} boards + {members} members, {Option(args, "--rate") ?? "200"} actions/s",
        boards, members, double.Parse(Option(args, "--rate") ?? "200", CultureInfo.InvariantCulture), members == 0, false));
}

if (Option(args, "--only") is { } only)
{
    var names = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    scenarios = [.. scenarios.Where(s => names.Contains(s.Name))];
}

var alertScenarios = AlertScenario.Choose(quick, Option(args, "--only"));

var report = new Report { Started = started, Mode = quick ? "quick" : "full", Settings = settings, TickMilliseconds = tick };
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// SIGTERM takes the same way as Ctrl+C, so that the servers and PostgreSQL are stopped by the finally blocks (by
// default .NET ends the process at once, and the child processes would outlive it).
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});
var token = cancel.Token;
if (args.Contains("--cluster"))
{
    // Its own sequence (ClusterRuns.cs): PostgreSQL, one host against two, no floor.
    var siloDirectory = Option(args, "--silo-dir") ?? Path.Combine(root, "bench", ".publish", "silo");
    if (Option(args, "--silo-dir") is null && !args.Contains("--no-publish"))
    {
        await PublishAsync(root, siloDirectory, token);
    }

    var clusterReport = new Report { Started = started, Mode = "cluster", Settings = settings, TickMilliseconds = tick };
    var cluster = new ClusterRuns(siloDirectory, clusterReport, logPath);
    Console.WriteLine($"Cluster benchmark, {Report.Machine()}; server output: {logPath}");
    var names = Option(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    await cluster.RunAsync(names is null
        ? [.. ClusterRuns.Scenarios, .. scenarios.Where(s => s.Name == "custom")]
        : [.. scenarios.Where(s => !ClusterRuns.Scenarios.Any(c => c.Name == s.Name)), .. ClusterRuns.Scenarios.Where(s => names.Contains(s.Name))], token);
    var clusterMarkdown = clusterReport.ToMarkdown() + Environment.NewLine + cluster.ToMarkdown();
    await File.WriteAllTextAsync(Path.Combine(runsDirectory, $"{stamp}-cluster.md"), clusterMarkdown);
    await File.WriteAllTextAsync(Path.Combine(runsDirectory, $"{stamp}-cluster.csv"), clusterReport.ToCsv());
    await File.WriteAllTextAsync(Path.Combine(runsDirectory, $"{stamp}-cluster-hosts.csv"), cluster.ToCsv());
    await File.WriteAllTextAsync(Path.Combine(resultsDirectory, "latest-cluster.md"), clusterMarkdown);
    await File.WriteAllTextAsync(Path.Combine(resultsDirectory, "latest-cluster.csv"), clusterReport.ToCsv());
    await File.WriteAllTextAsync(Path.Combine(resultsDirectory, "latest-cluster-hosts.csv"), cluster.ToCsv());
    Console.WriteLine();
    Console.WriteLine(clusterMarkdown);
    return 0;
}

if (args.Contains("--start-only"))
{
    var siloDirectory = Option(args, "--silo-dir") ?? Path.Combine(root, "bench", ".publish", "silo");
    if (Option(args, "--silo-dir") is null && !args.Contains("--no-publish"))
    {
        await PublishAsync(root, siloDirectory, token);
    }

    var hosts = new List<(string Name, string Directory)> { ("host", siloDirectory) };
    if (Option(args, "--compare-silo-dir") is { } compareDirectory)
    {
        hosts.Add((Option(args, "--compare-name") ?? "host-b", compareDirectory));
    }

    Console.WriteLine($"Start to ready, {Report.Machine()}; server output: {logPath}");
    var samples = await StartupRuns.RunAsync(hosts, IntOption(args, "--runs", 5), tick, logPath, token);
    var startup = StartupRuns.ToMarkdown(samples, started, hosts);
    await File.WriteAllTextAsync(Path.Combine(runsDirectory, $"{stamp}-start.md"), startup);
    await File.WriteAllTextAsync(Path.Combine(resultsDirectory, "latest-start.md"), startup);
    Console.WriteLine();
    Console.WriteLine(startup);
    return 0;
}

if (args.Contains("--circuits-only"))
{
    var siloDirectory = Option(args, "--silo-dir") ?? Path.Combine(root, "bench", ".publish", "silo");
    if (Option(args, "--silo-dir") is null && !args.Contains("--no-publish"))
    {
        await PublishAsync(root, siloDirectory, token);
    }

    List<(string Name, string Directory)> hosts = [("host", siloDirectory)];
    if (Option(args, "--compare-silo-dir") is { } compareDirectory)
    {
        hosts.Add((Option(args, "--compare-name") ?? "host-b", compareDirectory));
    }

    await CircuitRuns.RunAsync(hosts, CircuitRuns.Options.Parse(args), tick, resultsDirectory, stamp, logPath, token);
    return 0;
}

var dataDirectory = Path.Combine(Path.GetTempPath(), $"coordination-bench-{Guid.NewGuid():N}");
var servers = new List<ServerProcess>();
var total = Stopwatch.StartNew();
Console.WriteLine($"Benchmark ({report.Mode}), {Report.Machine()}");
Console.WriteLine($"Results: {resultsDirectory}; server output: {logPath}");

try
{
    // The servers under test.
    ServerProcess host;
    string? siloDirectory = null;
    if (Option(args, "--url") is { } url)
    {
        var pid = Option(args, "--pid") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : (int?)null;
        host = ServerProcess.Running("host", new Uri(url), pid);
        report.Notes.Add($"Target: a running host at {url}{(pid is null ? " (no PID: no CPU or memory figures)" : "")}.");
    }
    else
    {
        siloDirectory = Option(args, "--silo-dir") ?? Path.Combine(root, "bench", ".publish", "silo");
        if (Option(args, "--silo-dir") is null && !args.Contains("--no-publish"))
        {
            await PublishAsync(root, siloDirectory, token);
        }

        Console.WriteLine("Starting the host (fresh data folder: migrations and demo seeding)...");
        host = await ServerProcess.StartHostAsync(siloDirectory, dataDirectory, tick, logPath, token);
        report.Startup.Add(("host, fresh data folder (schema and demo seeding)", host.StartToReady));
        if (host.SeededAfter is { } seeded)
        {
            report.Startup.Add(("host, fresh: of which until schema and demo data were ready (before the silo starts)", seeded));
        }

        Console.WriteLine($"  ready in {host.StartToReady.TotalSeconds:0.00} s at {host.BaseAddress}");
    }

    servers.Add(host);
    ServerProcess? floorTick = null;
    if (!args.Contains("--no-floor"))
    {
        floorTick = await ServerProcess.StartFloorAsync(tick, logPath, token);
        servers.Add(floorTick);
        report.Startup.Add(("floor server", floorTick.StartToReady));
        Console.WriteLine($"Floor (tick {tick} ms) ready in {floorTick.StartToReady.TotalSeconds:0.00} s at {floorTick.BaseAddress}");
    }

    Runner? compareRunner = null;
    if (Option(args, "--compare-silo-dir") is { } compareDirectory)
    {
        var compareName = Option(args, "--compare-name") ?? "host-b";
        var compare = await ServerProcess.StartHostAsync(compareDirectory, dataDirectory + "-" + compareName, tick, logPath, token, compareName);
        servers.Add(compare);
        report.Startup.Add(($"{compareName}, fresh data folder (schema and demo seeding)", compare.StartToReady));
        Console.WriteLine($"{compareName} ({compareDirectory}) ready in {compare.StartToReady.TotalSeconds:0.00} s at {compare.BaseAddress}");
        compareRunner = new Runner(compare, tick, settings);
    }

    var hostRunner = new Runner(host, tick, settings);
    var floorRunner = floorTick is null ? null : new Runner(floorTick, tick, settings);

    if (!args.Contains("--no-memory") && host.CanMeasureProcess)
    {
        int[] counts = quick ? [1000] : [1000, 2000];
        foreach (var runner in new[] { hostRunner, compareRunner, floorRunner }.OfType<Runner>())
        {
            Console.WriteLine($"Idle memory on {runner.Server.Name}: {string.Join(", ", counts)} idle connections...");
            var memory = await runner.IdleMemoryAsync(counts, token);
            report.Memory.AddRange(memory);
            foreach (var m in memory)
            {
                Console.WriteLine($"  {m.Connections,5} connections: {m.Before / 1048576.0:0.0} MB -> {m.After / 1048576.0:0.0} MB, {m.PerConnectionKilobytes:0.0} KB each");
            }
        }
    }

    foreach (var runner in new[] { hostRunner, compareRunner, floorRunner }.OfType<Runner>())
    {
        await WarmUpAsync(runner, warmUp, token);
    }

    // Host and floor take turns on each scenario, so that both meet the same machine weather.
    foreach (var scenario in scenarios)
    {
        Console.WriteLine($"{scenario.Name}: {scenario.Description}");
        foreach (var runner in new[] { hostRunner, compareRunner, floorRunner }.OfType<Runner>())
        {
            await RunOneAsync(runner, scenario);
        }
    }

    await AlertRuns.RunAsync([hostRunner, compareRunner, floorRunner], alertScenarios, tick, settings, report, token);

    // The direct floor and the per-audience-edge variant last, one at a time: saturated, the direct floor keeps
    // working after its run, so it goes away before anything else is measured.
    if (!args.Contains("--no-floor") && scenarios.Any(s => s.WithDirectFloor))
    {
        foreach (var (floorTickMs, edge) in new[] { (0, false), (tick, true) })
        {
            var extra = await ServerProcess.StartFloorAsync(floorTickMs, logPath, token, edge);
            var extraRunner = new Runner(extra, floorTickMs, settings);
            try
            {
                await WarmUpAsync(extraRunner, warmUp, token);
                foreach (var scenario in scenarios.Where(s => s.WithDirectFloor))
                {
                    Console.WriteLine($"{scenario.Name}: {scenario.Description}");
                    await RunOneAsync(extraRunner, scenario);
                }
            }
            finally
            {
                await extra.DisposeAsync();
            }
        }
    }

    if (siloDirectory is not null && !args.Contains("--no-startup"))
    {
        Console.WriteLine("Restarting the host on the same data...");
        servers.Remove(host);
        await host.DisposeAsync();
        var again = await ServerProcess.StartHostAsync(siloDirectory, dataDirectory, tick, logPath, token);
        report.Startup.Add(("host, restart on the same data", again.StartToReady));
        if (again.SeededAfter is { } seeded)
        {
            report.Startup.Add(("host, restart: of which until schema and demo data were checked", seeded));
        }

        Console.WriteLine($"  ready in {again.StartToReady.TotalSeconds:0.00} s");
        await again.DisposeAsync();
    }
}
finally
{
    foreach (var server in servers)
    {
        await server.DisposeAsync();
    }

    try
    {
        Directory.Delete(dataDirectory, recursive: true);
        foreach (var other in Directory.GetDirectories(Path.GetDirectoryName(dataDirectory)!, Path.GetFileName(dataDirectory) + "-*"))
        {
            Directory.Delete(other, recursive: true);
        }
    }
    catch (IOException)
    {
    }
    catch (UnauthorizedAccessException)
    {
    }
}

report.Notes.Add($"Whole harness run: {total.Elapsed.TotalSeconds:0} s.");
var markdown = report.ToMarkdown();
var csv = report.ToCsv();
await File.WriteAllTextAsync(Path.Combine(runsDirectory, $"{stamp}.md"), markdown);
await File.WriteAllTextAsync(Path.Combine(runsDirectory, $"{stamp}.csv"), csv);
await File.WriteAllTextAsync(Path.Combine(resultsDirectory, $"latest{(quick ? "-quick" : "")}.md"), markdown);
await File.WriteAllTextAsync(Path.Combine(resultsDirectory, $"latest{(quick ? "-quick" : "")}.csv"), csv);
Console.WriteLine();
Console.WriteLine(markdown);
return 0;

async Task RunOneAsync(Runner runner, Scenario scenario)
{
    var result = await runner.RunAsync(scenario, token);
    report.Runs.Add(result);
    var d = result.Delivery;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {result.Target,-12} p50 {d.Latency.P50,7:0.0} p99 {d.Latency.P99,8:0.0} max {d.Latency.Max,8:0.0} ms | {result.MessagesPerSecond,7:0} msg/s " +
        $"{result.DeltasPerSecond,7:0} deltas/s | CPU {result.CpuMicrosecondsPerMessage,6:0.0} µs/msg, server {result.ServerCpuSeconds / result.WindowSeconds:0.00} cores, " +
        $"machine {result.MachineBusy:P0} | lost {d.Lost} dup {d.Duplicates} gaps {d.GapDeltas} foreign {d.Foreign} failed {d.ActionsFailed + result.Skipped} | " +
        $"{result.AchievedRate:0}/s sent, connect {result.ConnectTime.TotalSeconds:0.0} s"));
    await Task.Delay(TimeSpan.FromSeconds(1), token);
}

// Unrecorded passes in the realistic mix's shape until the server's background JIT has settled, so that what is measured
// is the server as it runs for days, not its first minutes: the host recompiles hot methods at tier 1 for a minute or
// more under load (12 s of CPU in its first 95 s at 100 actions/s), and one short pass left that JIT at 0.11-0.31 of a
// core through the first scenario (column "of which JIT").
static async Task WarmUpAsync(Runner runner, Scenario warmUp, CancellationToken cancellationToken)
{
    const int MaxPasses = 15;
    for (var pass = 1; pass <= MaxPasses; pass++)
    {
        var result = await runner.RunAsync(warmUp, cancellationToken);
        var jitCores = result.JitCpuSeconds / result.WindowSeconds;
        Console.WriteLine(FormattableString.Invariant($"Warming up {runner.Server.Name}: pass {pass}, background JIT {jitCores:0.00} cores"));
        if (jitCores is null or < 0.02)
        {
            return;
        }
    }

    Console.WriteLine($"  warning: {runner.Server.Name}'s background JIT still busy after {MaxPasses} warm-up passes; measuring anyway.");
}

static async Task PublishAsync(string root, string output, CancellationToken cancellationToken)
{
    Console.WriteLine("Publishing src/Silo (Release)...");
    var clock = Stopwatch.StartNew();
    for (var attempt = 1; ; attempt++)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(root, "src", "Silo", "Coordination.Silo.csproj"), "-c", "Release", "-o", output, "-nologo", "-v", "q", "-clp:ErrorsOnly" },
            WorkingDirectory = root,
        };
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode == 0)
        {
            Console.WriteLine($"  published in {clock.Elapsed.TotalSeconds:0} s");
            return;
        }

        if (attempt == 3)
        {
            throw new InvalidOperationException("dotnet publish of src/Silo failed three times.");
        }

        // Others build the same projects: a file held by another build is worth a retry.
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
    }
}

static string FindRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Coordination.sln")))
            {
                return directory.FullName;
            }
        }
    }

    return Directory.GetCurrentDirectory();
}

static string? Option(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static int IntOption(string[] args, string name, int fallback) =>
    Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
