using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Npgsql;

namespace Coordination.Bench;

/// <summary>
/// The cluster scenario (--cluster): a throwaway PostgreSQL, two databases brought to the schema by the host's
/// migrate command, one host alone on the first ("pg-single") and two hosts forming one Orleans cluster on the
/// second ("pg-2-hosts"). Each scenario runs on both in turn, so that they meet the same machine weather.
/// </summary>
public sealed class ClusterRuns(string siloDirectory, Report report, string logPath)
{
    public const string Single = "pg-single";
    public const string TwoHosts = "pg-2-hosts";

    private const string ServiceId = "coordination-bench";

    /// <summary>The default scenarios: rates a host in cluster mode keeps up with on this machine (docs/performance.md).</summary>
    public static IReadOnlyList<Scenario> Scenarios { get; } =
    [
        new("mix-1000-r5", "Realistic mix, 1,000 connections, 5 actions/s", 50, 950, 5, false, false),
        new("mix-1000-r10", "Realistic mix, 1,000 connections, 10 actions/s", 50, 950, 10, false, false),
        new("mix-1000-r25", "Realistic mix, 1,000 connections, 25 actions/s", 50, 950, 25, false, false),
        new("mix-1000-r50", "Realistic mix, 1,000 connections, 50 actions/s", 50, 950, 50, false, false),
        new("mix-1000-r100", "Realistic mix, 1,000 connections, 100 actions/s", 50, 950, 100, false, false),
        new("broadcast-1000-r10", "Broadcast, 1,000 boards, 10 actions/s", 1000, 0, 10, true, false),
    ];
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly List<ServerProcess> _hosts = [];
    private readonly List<string> _dataDirectories = [];

    public List<ClusterResult> Results { get; } = [];

    public async Task RunAsync(IReadOnlyList<Scenario> scenarios, CancellationToken cancellationToken)
    {
        PostgresProcess? postgres = null;
        try
        {
            var clock = Stopwatch.StartNew();
            Console.WriteLine("Starting a throwaway PostgreSQL (initdb, pg_ctl)...");
            postgres = await PostgresProcess.StartAsync(cancellationToken);
            report.Startup.Add(("PostgreSQL: initdb and start", clock.Elapsed));
            Console.WriteLine($"  ready on 127.0.0.1:{postgres.Port} in {clock.Elapsed.TotalSeconds:0.0} s");

            // One database per cluster, each brought to the schema the way the Kubernetes Job does it.
            foreach (var database in new[] { "bench_single", "bench_cluster" })
            {
                clock.Restart();
                await postgres.CreateDatabaseAsync(database, cancellationToken);
                await MigrateAsync(postgres.ConnectionString(database), cancellationToken);
                report.Startup.Add(($"database {database}: created and migrated (`Coordination.Silo migrate`)", clock.Elapsed));
                Console.WriteLine($"  {database} migrated in {clock.Elapsed.TotalSeconds:0.0} s");
            }

            var single = await StartHostAsync(Single, postgres, "bench_single", "bench-single", cancellationToken);
            // The second replica starts once the first is ready, as the README's cluster example does.
            var a = await StartHostAsync("pg-a", postgres, "bench_cluster", "bench-cluster", cancellationToken);
            var b = await StartHostAsync("pg-b", postgres, "bench_cluster", "bench-cluster", cancellationToken);
            var runners = new[]
            {
                new ClusterRunner(Single, [single], postgres, "bench_single", report.TickMilliseconds, report.Settings),
                new ClusterRunner(TwoHosts, [a, b], postgres, "bench_cluster", report.TickMilliseconds, report.Settings),
            };

            clock.Restart();
            Console.WriteLine("Waiting until pg-a and pg-b are one cluster...");
            await WaitForOneClusterAsync(postgres.ConnectionString("bench_cluster"), "bench-cluster", runners[1].Hosts, cancellationToken);
            report.Startup.Add(("pg-a and pg-b after both were ready: both silos active in the membership table, a report through each reached a board on the other", clock.Elapsed));
            Console.WriteLine($"  one cluster after {clock.Elapsed.TotalSeconds:0.0} s");

            // The warm-up at a rate both keep up with: a backlog left behind would be measured in the first scenario.
            foreach (var runner in runners)
            {
                Console.WriteLine($"Warming up {runner.Name}...");
                await runner.RunAsync(new Scenario("warm-up", "not recorded", 10, 190, 5, false, false), cancellationToken);
            }

            foreach (var scenario in scenarios)
            {
                Console.WriteLine($"{scenario.Name}: {scenario.Description}");
                foreach (var runner in runners)
                {
                    var result = await runner.RunAsync(scenario, cancellationToken);
                    Results.Add(result);
                    report.Runs.Add(result.Run);
                    Print(result);
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
            }
        }
        finally
        {
            await Task.WhenAll(_hosts.Select(host => host.DisposeAsync().AsTask()));
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }

            foreach (var directory in _dataDirectories.Where(Directory.Exists))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private async Task<ServerProcess> StartHostAsync(string name, PostgresProcess postgres, string database, string clusterId, CancellationToken cancellationToken)
    {
        // Cluster mode keeps nothing in the data folder; the host still wants one.
        var data = Path.Combine(Path.GetTempPath(), $"coordination-bench-{name}-{Guid.NewGuid():N}");
        _dataDirectories.Add(data);
        var host = await ServerProcess.StartHostAsync(siloDirectory, data, report.TickMilliseconds, logPath, cancellationToken, name, new Dictionary<string, string>
        {
            ["Storage__PostgreSql"] = postgres.ConnectionString(database),
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__SiloName"] = name,
            // Hosts on one machine advertise loopback (docs: ARCHITECTURE.md, storage modes).
            ["Orleans__AdvertisedIp"] = "127.0.0.1",
        });
        _hosts.Add(host);
        report.Startup.Add(($"{name}, cluster mode (demo seeding{(name == "pg-b" ? " finds it done" : "")})", host.StartToReady));
        Console.WriteLine($"{name} ready in {host.StartToReady.TotalSeconds:0.00} s at {host.BaseAddress}");
        return host;
    }

    /// <summary>The host's schema migration command, as the Kubernetes Job and the cluster tests run it.</summary>
    private async Task MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        var apphost = Path.Combine(siloDirectory, "Coordination.Silo");
        var start = File.Exists(apphost)
            ? new ProcessStartInfo(apphost) { ArgumentList = { "migrate" } }
            : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(siloDirectory, "Coordination.Silo.dll"), "migrate" } };
        start.WorkingDirectory = siloDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__PostgreSql"] = connectionString;
        start.Environment["Orleans__ServiceId"] = ServiceId;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(limit.Token);
        await File.AppendAllTextAsync(logPath, await output + await error, cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The migrate command exited with {process.ExitCode}; see {logPath}.");
        }
    }

    /// <summary>
    /// Until every silo is active in the membership table and a report through each host reaches a coordinator's
    /// board on every host (so that each host's delta listener is in the cluster's directory).
    /// </summary>
    private static async Task WaitForOneClusterAsync(string connectionString, string clusterId, IReadOnlyList<Runner> hosts, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(120);
        while (await ActiveSilosAsync(connectionString, clusterId, cancellationToken) < hosts.Count)
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"The membership table did not show {hosts.Count} active silos within {limit.TotalSeconds} s.");
            }

            await Task.Delay(200, cancellationToken);
        }

        var boards = (await Task.WhenAll(hosts.Select(host => host.ConnectAsync([Accounts.Samordnare], cancellationToken)))).SelectMany(c => c).ToList();
        try
        {
            var reported = new List<Guid>();
            foreach (var host in hosts)
            {
                reported.Add(await ReportAsync(host, cancellationToken));
            }

            while (!boards.All(board => reported.All(id => board.Snapshot().Receipts.Any(r => r.ConcernId == id))))
            {
                if (clock.Elapsed > limit)
                {
                    throw new TimeoutException($"A report through one host did not reach a board on the other within {limit.TotalSeconds} s.");
                }

                await Task.Delay(100, cancellationToken);
            }
        }
        finally
        {
            await Runner.DisconnectAsync(boards);
        }
    }

    private static async Task<int> ActiveSilosAsync(string connectionString, string clusterId, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Orleans' SiloStatus.Active is 3 in the membership table.
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = 3", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), Invariant);
    }

    private static async Task<Guid> ReportAsync(Runner host, CancellationToken cancellationToken)
    {
        var tokens = await host.TokensAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = host.Server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[Accounts.Hotell.Email]);
        var request = new ReportRequest("Hotel", "Centrum", DateTimeOffset.UtcNow.AddHours(-1), ["fear"], "Benchmark: is this one cluster?", "Normal");
        using var response = await http.PostAsJsonAsync("/api/concerns", request, Json.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ReportAnswer>(Json.Options, cancellationToken))!.Id;
    }

    private static void Print(ClusterResult result)
    {
        var r = result.Run;
        var d = r.Delivery;
        Console.WriteLine(string.Create(Invariant,
            $"  {r.Target,-11} p50 {d.Latency.P50,7:0.0} p99 {d.Latency.P99,8:0.0} max {d.Latency.Max,8:0.0} ms | {r.MessagesPerSecond,6:0} msg/s | " +
            $"hosts {r.CpuMicrosecondsPerMessage,6:0.0} µs/msg {r.ServerCpuSeconds / r.WindowSeconds:0.00} cores, PostgreSQL {result.PostgresCores:0.00} cores | " +
            $"lost {d.Lost} dup {d.Duplicates} gaps {d.GapDeltas} foreign {d.Foreign} failed {d.ActionsFailed + r.Skipped} | {r.AchievedRate:0}/s sent"));
        if (result.Hop is { } hop)
        {
            Console.WriteLine(string.Create(Invariant,
                $"  {"",-11} same host p50 {hop.SameHost.P50:0.0} p99 {hop.SameHost.P99:0.0} ms, other host p50 {hop.OtherHost.P50:0.0} p99 {hop.OtherHost.P99:0.0} ms, " +
                $"first arrival other - same p50 {hop.DifferenceP50:0.0} ms, |other - same| p50 {hop.AbsoluteP50:0.0} ms ({hop.Pairs} pairs)"));
        }
    }

    /// <summary>The cluster's own tables, after the harness's usual ones.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("## Cluster: one host against two, on one PostgreSQL");
        md.AppendLine();
        md.AppendLine("`pg-single`: one host in cluster mode on its own database and cluster id, with every connection and action. " +
            "`pg-2-hosts`: two hosts (same publish) forming one Orleans cluster on another database of the same PostgreSQL; each " +
            "account's connections alternate across them (half on each) and each host gets its own open-loop sender at half the rate. " +
            "Host CPU and working set: the sum over the hosts under test. PostgreSQL: the postmaster and its backends (from `/proc`). " +
            "The hosts not under test idle meanwhile.");
        md.AppendLine();
        md.AppendLine("| scenario | server | conns | actions/s | p50 ms | p90 ms | p99 ms | max ms | p99 1st / 2nd half | msgs/s delivered | host CPU µs/msg | host ms/action | host cores | PostgreSQL cores | PostgreSQL ms/action | host working set MB | API p50 / p99 ms | lost | dup | gaps | foreign | failed |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|");
        foreach (var result in Results)
        {
            var r = result.Run;
            var d = r.Delivery;
            md.AppendLine(Invariant,
                $"| {r.Scenario.Name} | {r.Target} | {r.Connections:N0} | {r.AchievedRate:0} | {Ms(d.Latency.P50)} | {Ms(d.Latency.P90)} | {Ms(d.Latency.P99)} | {Ms(d.Latency.Max)} | " +
                $"{Ms(d.FirstHalf.P99)} / {Ms(d.SecondHalf.P99)} | {r.MessagesPerSecond:N0} | {r.CpuMicrosecondsPerMessage:0.0} | {r.CpuMillisecondsPerAction:0.00} | " +
                $"{r.ServerCpuSeconds / r.WindowSeconds:0.00} | {result.PostgresCores:0.00} | {result.PostgresMillisecondsPerAction:0.00} | {r.ServerWorkingSet / 1048576.0:0} | " +
                $"{Ms(d.Api.P50)} / {Ms(d.Api.P99)} | {d.Lost:N0} | {d.Duplicates} | {d.GapDeltas} | {d.Foreign} | {d.ActionsFailed + r.Skipped} |");
        }

        md.AppendLine();
        var pairs = Results.Where(r => r.Hosts > 1)
            .Select(two => (Two: two, One: Results.FirstOrDefault(one => one.Hosts == 1 && one.Run.Scenario.Name == two.Run.Scenario.Name)))
            .Where(p => p.One is not null).ToList();
        if (pairs.Count > 0)
        {
            md.AppendLine("Two hosts divided by one host, same scenario, same run:");
            md.AppendLine();
            md.AppendLine("| scenario | p50 | p99 | host CPU per message | host CPU per action | PostgreSQL CPU per action | msgs/s delivered |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (two, one) in pairs)
            {
                md.AppendLine(Invariant,
                    $"| {two.Run.Scenario.Name} | {X(two.Run.Delivery.Latency.P50 / one!.Run.Delivery.Latency.P50)} | {X(two.Run.Delivery.Latency.P99 / one.Run.Delivery.Latency.P99)} | " +
                    $"{X(two.Run.CpuMicrosecondsPerMessage / one.Run.CpuMicrosecondsPerMessage)} | {X(two.Run.CpuMillisecondsPerAction / one.Run.CpuMillisecondsPerAction)} | " +
                    $"{X(two.PostgresMillisecondsPerAction / one.PostgresMillisecondsPerAction)} | {X(two.Run.MessagesPerSecond / one.Run.MessagesPerSecond)} |");
            }

            md.AppendLine();
        }

        var hops = Results.Where(r => r.Hop is not null).ToList();
        if (hops.Count > 0)
        {
            md.AppendLine("## The cross-host hop");
            md.AppendLine();
            md.AppendLine("Within `pg-2-hosts`: latency of the deltas delivered by the host that handled the action's HTTP call (*same host*) " +
                "and by the other host (*other host*). *Other − same*: per action and audience, the first arrival on a connection of the " +
                "other host minus the first on the same host (what both share, the HTTP call and the write, cancels out); " +
                "|other − same|: its size either way; *other first*: how often the other host's connections got it first. The grain " +
                "that commits the change may itself be on either host (Orleans places it), so the host that published the delta is " +
                "not always the one that handled the call: when it is, the other host is one hop further; when it is not, the same " +
                "host is (the call went there and the delta came back). The size of the difference is the hop's cost.");
            md.AppendLine();
            md.AppendLine("| scenario | same host: deltas | p50 ms | p90 ms | p99 ms | max ms | other host: deltas | p50 ms | p90 ms | p99 ms | max ms | pairs | other − same p50 / p90 ms | \\|other − same\\| p50 / p90 ms | other first |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|");
            foreach (var result in hops)
            {
                var (same, other) = (result.Hop!.SameHost, result.Hop.OtherHost);
                md.AppendLine(Invariant,
                    $"| {result.Run.Scenario.Name} | {same.Count:N0} | {Ms(same.P50)} | {Ms(same.P90)} | {Ms(same.P99)} | {Ms(same.Max)} | " +
                    $"{other.Count:N0} | {Ms(other.P50)} | {Ms(other.P90)} | {Ms(other.P99)} | {Ms(other.Max)} | " +
                    $"{result.Hop.Pairs:N0} | {result.Hop.DifferenceP50:0.0} / {result.Hop.DifferenceP90:0.0} | {result.Hop.AbsoluteP50:0.0} / {result.Hop.AbsoluteP90:0.0} | " +
                    $"{result.Hop.OtherFirstShare:P0} |");
            }

            md.AppendLine();
        }

        var costed = Results.Where(r => r.Statements.Count > 0).ToList();
        if (costed.Count > 0)
        {
            md.AppendLine("## What PostgreSQL spent its time on");
            md.AppendLine();
            md.AppendLine("Per run, the costliest statements of its database in `pg_stat_statements`, from the start of the measured window " +
                "to the end of the drain: time in PostgreSQL (planning plus execution, which includes waiting for a row lock) per action " +
                "measured, calls per action, and the mean of one call. Background work (Orleans membership and reminders, deadlines) is " +
                "included. Texts are normalised and shortened.");
            md.AppendLine();
            md.AppendLine("| scenario | server | statement | ms per action | calls per action | mean exec ms | mean plan ms |");
            md.AppendLine("|---|---|---|---:|---:|---:|---:|");
            foreach (var result in costed)
            {
                var actions = Math.Max(1, result.Run.Delivery.ActionsMeasured);
                foreach (var statement in result.Statements)
                {
                    md.AppendLine(Invariant,
                        $"| {result.Run.Scenario.Name} | {result.Run.Target} | `{Shorten(statement.Query)}` | {statement.TotalMilliseconds / actions:0.00} | " +
                        $"{statement.Calls / (double)actions:0.00} | {statement.ExecMilliseconds / statement.Calls:0.000} | " +
                        $"{(statement.Plans == 0 ? "–" : (statement.PlanMilliseconds / statement.Plans).ToString("0.000", Invariant))} |");
                }
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    private static string Shorten(string query)
    {
        var text = string.Join(' ', query.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
        return text.Length <= 110 ? text : text[..110] + "…";
    }

    /// <summary>The cluster's own columns, one row per run (the usual columns are in the harness's CSV).</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.AppendLine("scenario,server,hosts,postgres_cpu_s,postgres_cores,postgres_ms_per_action,same_host_deltas,same_p50_ms,same_p90_ms,same_p99_ms,same_max_ms," +
            "other_host_deltas,other_p50_ms,other_p90_ms,other_p99_ms,other_max_ms,pairs,other_minus_same_p50_ms,other_minus_same_p90_ms,abs_difference_p50_ms,abs_difference_p90_ms,other_first_share");
        foreach (var result in Results)
        {
            var hop = result.Hop;
            string[] values =
            [
                result.Run.Scenario.Name, result.Run.Target, N(result.Hosts), N(result.PostgresCpuSeconds), N(result.PostgresCores), N(result.PostgresMillisecondsPerAction),
                N(hop?.SameHost.Count), N(hop?.SameHost.P50), N(hop?.SameHost.P90), N(hop?.SameHost.P99), N(hop?.SameHost.Max),
                N(hop?.OtherHost.Count), N(hop?.OtherHost.P50), N(hop?.OtherHost.P90), N(hop?.OtherHost.P99), N(hop?.OtherHost.Max),
                N(hop?.Pairs), N(hop?.DifferenceP50), N(hop?.DifferenceP90), N(hop?.AbsoluteP50), N(hop?.AbsoluteP90), N(hop?.OtherFirstShare),
            ];
            csv.AppendLine(string.Join(',', values));
        }

        return csv.ToString();
    }

    private static string Ms(double value) => double.IsNaN(value) ? "–" : value >= 100 ? value.ToString("N0", Invariant) : value.ToString("0.0", Invariant);

    private static string X(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "–" : value.ToString("0.00", Invariant) + "×";

    private static string N(double? value) => value is not { } v || double.IsNaN(v) ? "" : v.ToString("0.###", Invariant);
}
