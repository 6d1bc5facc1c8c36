using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Coordination.Bench;

/// <summary>Everything one harness run measured, and its Markdown and CSV forms.</summary>
public sealed class Report
{
    public required DateTimeOffset Started { get; init; }

    public required string Mode { get; init; }

    public required Settings Settings { get; init; }

    public required int TickMilliseconds { get; init; }

    public List<(string What, TimeSpan Time)> Startup { get; } = [];

    public List<MemoryResult> Memory { get; } = [];

    public List<RunResult> Runs { get; } = [];

    public List<string> Notes { get; } = [];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Machine()
    {
        var model = "";
        try
        {
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        }
        catch (IOException)
        {
        }

        return $"{Environment.ProcessorCount} cores{(model.Length > 0 ? $" ({model})" : "")}, " +
            $"{RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}, shared and noisy; one run, medians within it";
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant, $"# Benchmark run {Started:yyyy-MM-dd HH:mm} UTC ({Mode})");
        md.AppendLine();
        md.AppendLine(Invariant, $"Machine: {Machine()}. Host and floor are child processes on loopback; the clients share the same cores.");
        md.AppendLine(Invariant, $"Each scenario: warm-up {Settings.Warmup.TotalSeconds:0} s, measured {Settings.Measure.TotalSeconds:0} s, " +
            $"drain up to {Settings.MaxDrain.TotalSeconds:0} s; a delta not received within {Settings.Deadline.TotalSeconds:0} s of its action counts as lost. " +
            $"Coalescing tick {TickMilliseconds} ms (host Live:TickMilliseconds and floor-tick).");
        md.AppendLine();

        if (Startup.Count > 0)
        {
            md.AppendLine("## Start to ready");
            md.AppendLine();
            md.AppendLine("| process start to /health/ready 200 | seconds |");
            md.AppendLine("|---|---:|");
            foreach (var (what, time) in Startup)
            {
                md.AppendLine(Invariant, $"| {what} | {time.TotalSeconds:0.00} |");
            }

            md.AppendLine();
        }

        if (Memory.Count > 0)
        {
            md.AppendLine("## Idle connections");
            md.AppendLine();
            md.AppendLine("| server | idle hub connections | working set idle (MB) | with the connections (MB) | per connection (KB) |");
            md.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var m in Memory)
            {
                md.AppendLine(Invariant, $"| {m.Target} | {m.Connections:N0} | {Mb(m.Before)} | {Mb(m.After)} | {m.PerConnectionKilobytes:0.0} |");
            }

            foreach (var group in Memory.GroupBy(m => m.Target).Where(g => g.Count() >= 2))
            {
                var list = group.OrderBy(m => m.Connections).ToList();
                var slope = (list[^1].After - list[^2].After) / 1024.0 / (list[^1].Connections - list[^2].Connections);
                md.AppendLine(Invariant, $"| {group.Key}, from {list[^2].Connections:N0} to {list[^1].Connections:N0} | | | | {slope:0.0} |");
            }

            md.AppendLine();
        }

        if (Runs.Count > 0)
        {
            md.AppendLine("## Scenarios");
            md.AppendLine();
            md.AppendLine("Latency: from the action's HTTP call to the arrival of its delta at each connection that should see it.");
            md.AppendLine();
            md.AppendLine("| scenario | server | conns | actions/s | p50 ms | p90 ms | p99 ms | max ms | p99 1st / 2nd half | msgs/s delivered | deltas/s | deltas/msg | max msgs/s per audience | server CPU µs/msg | µs/delta | ms/action | server cores | of which JIT | client cores | other cores | load avg | lost | dup | gaps | foreign | failed | API p50 / p99 ms |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var r in Runs)
            {
                var d = r.Delivery;
                md.AppendLine(Invariant,
                    $"| {r.Scenario.Name} | {r.Target} | {r.Connections:N0} | {r.AchievedRate:0} | {Ms(d.Latency.P50)} | {Ms(d.Latency.P90)} | {Ms(d.Latency.P99)} | {Ms(d.Latency.Max)} | " +
                    $"{Ms(d.FirstHalf.P99)} / {Ms(d.SecondHalf.P99)} | {r.MessagesPerSecond:N0} | {r.DeltasPerSecond:N0} | {d.MeanDeltasPerMessage:0.0} | {d.MaxMessagesInOneSecondPerAudience:0} | " +
                    $"{r.CpuMicrosecondsPerMessage:0.0} | {r.CpuMicrosecondsPerDelta:0.0} | {r.CpuMillisecondsPerAction:0.00} | {r.ServerCpuSeconds / r.WindowSeconds:0.00} | " +
                    $"{(r.JitCpuSeconds is { } jit ? (jit / r.WindowSeconds).ToString("0.00", Invariant) : "–")} | {r.ClientCpuSeconds / r.WindowSeconds:0.00} | {r.OtherCores:0.00} | {r.LoadAverage:0.0} | {d.Lost:N0} | {d.Duplicates} | {d.GapDeltas} | {d.Foreign} | {d.ActionsFailed + r.Skipped} | " +
                    $"{Ms(d.Api.P50)} / {Ms(d.Api.P99)} |");
            }

            md.AppendLine();
            var ratios = Ratios().ToList();
            if (ratios.Count > 0)
            {
                md.AppendLine("## Ratios to the floor");
                md.AppendLine();
                md.AppendLine("The host divided by the floor server in the same run, same clients, same rate and fan-out.");
                md.AppendLine();
                md.AppendLine("| scenario | server | floor | p50 | p99 | server CPU per message | per delta | msgs/s delivered |");
                md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|");
                foreach (var (host, floor) in ratios)
                {
                    md.AppendLine(Invariant,
                        $"| {host.Scenario.Name} | {host.Target} | {floor.Target} | {X(host.Delivery.Latency.P50 / floor.Delivery.Latency.P50)} | {X(host.Delivery.Latency.P99 / floor.Delivery.Latency.P99)} | " +
                        $"{X(host.CpuMicrosecondsPerMessage / floor.CpuMicrosecondsPerMessage)} | {X(host.CpuMicrosecondsPerDelta / floor.CpuMicrosecondsPerDelta)} | " +
                        $"{X(host.MessagesPerSecond / floor.MessagesPerSecond)} |");
                }

                md.AppendLine();
            }

            var checks = Checks().ToList();
            if (checks.Count > 0)
            {
                md.AppendLine("## Targets");
                md.AppendLine();
                md.AppendLine("| target | measured | met |");
                md.AppendLine("|---|---|---|");
                foreach (var (target, measured, met) in checks)
                {
                    md.AppendLine(Invariant, $"| {target} | {measured} | {(met ? "yes" : "**no**")} |");
                }

                md.AppendLine();
            }

            var failures = Runs.SelectMany(r => r.Delivery.FailureKinds.Select(f => $"{r.Scenario.Name} on {r.Target}: {f.Value} × {f.Key}")).ToList();
            if (failures.Count > 0 || Runs.Any(r => r.Skipped > 0 || r.Delivery.Unknown > 0))
            {
                md.AppendLine("Failed actions and stray deltas:");
                foreach (var failure in failures)
                {
                    md.AppendLine(Invariant, $"- {failure}");
                }

                foreach (var r in Runs.Where(r => r.Skipped > 0))
                {
                    md.AppendLine(Invariant, $"- {r.Scenario.Name} on {r.Target}: {r.Skipped} slots skipped ({Workload.MaxInFlight} calls unanswered)");
                }

                foreach (var r in Runs.Where(r => r.Delivery.Unknown > 0))
                {
                    md.AppendLine(Invariant, $"- {r.Scenario.Name} on {r.Target}: {r.Delivery.Unknown} deltas of actions sent before this scenario (not counted)");
                }

                md.AppendLine();
            }
        }

        foreach (var note in Notes)
        {
            md.AppendLine(Invariant, $"- {note}");
        }

        return md.ToString();
    }

    private static readonly string[] CsvColumns =
    [
        "kind", "scenario", "server", "tick_ms", "connections", "boards", "members", "rate_target", "rate_sent",
        "p50_ms", "p90_ms", "p99_ms", "max_ms", "p99_first_half_ms", "p99_second_half_ms",
        "expected", "delivered", "lost", "late", "duplicates", "gaps", "foreign", "failed", "skipped",
        "msgs_per_s", "deltas_per_s", "deltas_per_msg", "mean_msgs_per_s_per_audience", "max_msgs_in_1s_per_audience",
        "server_cpu_s", "server_jit_cpu_s", "server_cpu_us_per_msg", "server_cpu_us_per_delta", "server_cpu_ms_per_action", "client_cpu_s",
        "machine_busy", "other_cores", "load_average", "window_s", "drain_s", "server_working_set_mb", "api_p50_ms", "api_p99_ms", "connect_s",
        "idle_before_mb", "idle_after_mb", "idle_kb_per_connection", "startup_s",
    ];

    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', CsvColumns));
        foreach (var (what, time) in Startup)
        {
            Row(csv, new() { ["kind"] = "startup", ["scenario"] = what, ["startup_s"] = N(time.TotalSeconds) });
        }

        foreach (var m in Memory)
        {
            Row(csv, new()
            {
                ["kind"] = "memory", ["scenario"] = "idle", ["server"] = m.Target, ["connections"] = N(m.Connections),
                ["idle_before_mb"] = Mb(m.Before), ["idle_after_mb"] = Mb(m.After), ["idle_kb_per_connection"] = N(m.PerConnectionKilobytes),
            });
        }

        foreach (var r in Runs)
        {
            var d = r.Delivery;
            Row(csv, new()
            {
                ["kind"] = "run", ["scenario"] = r.Scenario.Name, ["server"] = r.Target, ["tick_ms"] = N(r.TickMilliseconds),
                ["connections"] = N(r.Connections), ["boards"] = N(r.Scenario.Boards), ["members"] = N(r.Scenario.Members),
                ["rate_target"] = N(r.Scenario.Rate), ["rate_sent"] = N(r.AchievedRate),
                ["p50_ms"] = N(d.Latency.P50), ["p90_ms"] = N(d.Latency.P90), ["p99_ms"] = N(d.Latency.P99), ["max_ms"] = N(d.Latency.Max),
                ["p99_first_half_ms"] = N(d.FirstHalf.P99), ["p99_second_half_ms"] = N(d.SecondHalf.P99),
                ["expected"] = N(d.Expected), ["delivered"] = N(d.Delivered), ["lost"] = N(d.Lost), ["late"] = N(d.Late),
                ["duplicates"] = N(d.Duplicates), ["gaps"] = N(d.GapDeltas), ["foreign"] = N(d.Foreign), ["failed"] = N(d.ActionsFailed),
                ["skipped"] = N(r.Skipped), ["msgs_per_s"] = N(r.MessagesPerSecond), ["deltas_per_s"] = N(r.DeltasPerSecond),
                ["deltas_per_msg"] = N(d.MeanDeltasPerMessage), ["mean_msgs_per_s_per_audience"] = N(d.MeanMessagesPerSecondPerAudience),
                ["max_msgs_in_1s_per_audience"] = N(d.MaxMessagesInOneSecondPerAudience),
                ["server_cpu_s"] = N(r.ServerCpuSeconds), ["server_jit_cpu_s"] = r.JitCpuSeconds is { } jit ? N(jit) : "", ["server_cpu_us_per_msg"] = N(r.CpuMicrosecondsPerMessage),
                ["server_cpu_us_per_delta"] = N(r.CpuMicrosecondsPerDelta), ["server_cpu_ms_per_action"] = N(r.CpuMillisecondsPerAction),
                ["client_cpu_s"] = N(r.ClientCpuSeconds), ["machine_busy"] = N(r.MachineBusy), ["other_cores"] = N(r.OtherCores),
                ["load_average"] = N(r.LoadAverage), ["window_s"] = N(r.WindowSeconds), ["drain_s"] = N(r.DrainSeconds),
                ["server_working_set_mb"] = Mb(r.ServerWorkingSet), ["api_p50_ms"] = N(d.Api.P50), ["api_p99_ms"] = N(d.Api.P99),
                ["connect_s"] = N(r.ConnectTime.TotalSeconds),
            });
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, Dictionary<string, string> values) =>
        csv.AppendLine(string.Join(',', CsvColumns.Select(column => Quote(values.GetValueOrDefault(column, "")))));

    /// <summary>Each host run with the floor runs of the same scenario.</summary>
    public IEnumerable<(RunResult Host, RunResult Floor)> Ratios()
    {
        foreach (var host in Runs.Where(r => !r.Target.StartsWith("floor", StringComparison.Ordinal)))
        {
            foreach (var floor in Runs.Where(r => r.Target.StartsWith("floor", StringComparison.Ordinal) && r.Scenario.Name == host.Scenario.Name))
            {
                yield return (host, floor);
            }
        }
    }

    /// <summary>The issue's targets against this run's figures.</summary>
    public IEnumerable<(string Target, string Measured, bool Met)> Checks()
    {
        var mix = Find("host", "mix-1000");
        var mixFloor = Find("floor-tick", "mix-1000");
        if (mix is not null)
        {
            yield return ("Realistic mix: p50 ≤ 20 ms", $"{Ms(mix.Delivery.Latency.P50)} ms", mix.Delivery.Latency.P50 <= 20);
            yield return ("Realistic mix: p99 ≤ 100 ms", $"{Ms(mix.Delivery.Latency.P99)} ms", mix.Delivery.Latency.P99 <= 100);
            yield return ("Realistic mix: 0 errors (lost, duplicated, gaps, foreign, failed)", $"{mix.Errors}", mix.Errors == 0);
            if (mixFloor is not null)
            {
                var ratio = mix.CpuMicrosecondsPerMessage / mixFloor.CpuMicrosecondsPerMessage;
                yield return ("Realistic mix: server CPU per delivered message ≤ 2× the floor's",
                    $"{mix.CpuMicrosecondsPerMessage:0.0} µs vs {mixFloor.CpuMicrosecondsPerMessage:0.0} µs = {ratio:0.0}×", ratio <= 2);
            }
        }

        var broadcast = Find("host", "broadcast-1000");
        var broadcastFloor = Find("floor-tick", "broadcast-1000");
        if (broadcast is not null)
        {
            var d = broadcast.Delivery;
            var keepsUp = d.Lost == 0 && d.ActionsFailed == 0 && broadcast.Skipped == 0 && d.Delivered > 0 && broadcast.DrainSeconds < 2 && d.SecondHalf.P99 <= Math.Max(2 * d.FirstHalf.P99, d.FirstHalf.P99 + 50);
            yield return ("Broadcast: keeps up (no growing queue: nothing lost, drained within 2 s, p99 of the second half ≤ 2× the first's)",
                $"lost {d.Lost}, failed {d.ActionsFailed + broadcast.Skipped}, drain {broadcast.DrainSeconds:0.0} s, p99 {Ms(d.FirstHalf.P99)} → {Ms(d.SecondHalf.P99)} ms", keepsUp);
            var ceiling = 1000.0 / TickMilliseconds;
            yield return ($"Broadcast: at most one message per tick per board (≤ {ceiling:0} in any second, +1 for jitter)",
                $"max {d.MaxMessagesInOneSecondPerAudience:0} in one second, mean {d.MeanMessagesPerSecondPerAudience:0.0}/s", d.MaxMessagesInOneSecondPerAudience <= ceiling + 1);
            if (broadcastFloor is not null)
            {
                var ratio = d.Latency.P99 / broadcastFloor.Delivery.Latency.P99;
                yield return ("Broadcast: p99 ≤ 2× the floor with the same tick",
                    $"{Ms(d.Latency.P99)} ms vs {Ms(broadcastFloor.Delivery.Latency.P99)} ms = {ratio:0.0}×", ratio <= 2);
            }
        }

        foreach (var m in Memory.Where(m => m.Target == "host"))
        {
            yield return ($"Memory per idle hub connection ≤ 50 KB ({m.Connections:N0} connections)", $"{m.PerConnectionKilobytes:0.0} KB", m.PerConnectionKilobytes <= 50);
        }

        foreach (var (what, time) in Startup.Where(s => s.What.StartsWith("host", StringComparison.Ordinal) && !s.What.Contains("of which", StringComparison.Ordinal)))
        {
            yield return ($"Start to ready ≤ 5 s ({what})", $"{time.TotalSeconds:0.00} s", time.TotalSeconds <= 5);
        }
    }

    private RunResult? Find(string target, string scenario) => Runs.FirstOrDefault(r => r.Target == target && r.Scenario.Name == scenario);

    private static string Ms(double value) => double.IsNaN(value) ? "–" : value >= 100 ? value.ToString("N0", Invariant) : value.ToString("0.0", Invariant);

    private static string N(double value) => double.IsNaN(value) ? "" : value.ToString("0.###", Invariant);

    private static string X(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "–" : value.ToString("0.00", Invariant) + "×";

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", Invariant);

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
