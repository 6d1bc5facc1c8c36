using System.Globalization;
using System.Text;

namespace Coordination.Bench;

/// <summary>
/// Start to ready alone (--start-only): rounds of a start on a fresh data folder and a restart on the same
/// folder, for each host in turn within a round (so that a before and an after meet the same machine
/// weather), and the medians.
/// </summary>
public static class StartupRuns
{
    /// <summary>One start: until the first 200 of /health/ready, the host's own CPU time by then, and the machine's other load.</summary>
    public sealed record Sample(string Host, string Start, int Round, TimeSpan Ready, TimeSpan? Seeded, TimeSpan Cpu, double OtherCores, double LoadAverage);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<List<Sample>> RunAsync(
        IReadOnlyList<(string Name, string Directory)> hosts, int rounds, int tickMilliseconds, string logPath, CancellationToken cancellationToken)
    {
        var samples = new List<Sample>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, directory) in hosts)
            {
                var data = Path.Combine(Path.GetTempPath(), $"coordination-bench-start-{Guid.NewGuid():N}");
                try
                {
                    foreach (var start in new[] { "fresh", "restart" })
                    {
                        var load = MachineCpu.LoadAverage();
                        var machineBefore = MachineCpu.Read();
                        await using var host = await ServerProcess.StartHostAsync(directory, data, tickMilliseconds, logPath, cancellationToken, name);
                        var cpu = host.CpuTime();
                        var busyCores = MachineCpu.Busy(machineBefore, MachineCpu.Read()) * Environment.ProcessorCount;
                        var sample = new Sample(name, start, round, host.StartToReady, host.SeededAfter, cpu,
                            Math.Max(0, busyCores - cpu.TotalSeconds / host.StartToReady.TotalSeconds), load);
                        samples.Add(sample);
                        Console.WriteLine(string.Create(Invariant,
                            $"  round {round} {name,-10} {start,-7} ready {sample.Ready.TotalSeconds,5:0.00} s, CPU {cpu.TotalSeconds,5:0.00} s, " +
                            $"schema and demo data at {sample.Seeded?.TotalSeconds ?? double.NaN,5:0.00} s, other cores {sample.OtherCores:0.0}, load {load:0.0}"));
                    }
                }
                finally
                {
                    try
                    {
                        Directory.Delete(data, recursive: true);
                    }
                    catch (IOException)
                    {
                    }
                }
            }
        }

        return samples;
    }

    public static string ToMarkdown(IReadOnlyList<Sample> samples, DateTimeOffset started, IReadOnlyList<(string Name, string Directory)> hosts)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant, $"# Start to ready, {started:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(Invariant, $"Machine: {Report.Machine()}. From the start of the host's process to its first 200 of `/health/ready`; " +
            $"embedded mode, demo mode, `ASPNETCORE_ENVIRONMENT=Production`. *Fresh*: an empty data folder (schema, demo seeding); " +
            $"*restart*: the same folder again. Hosts take turns within each round.");
        md.AppendLine();
        foreach (var (name, directory) in hosts)
        {
            md.AppendLine(Invariant, $"- `{name}`: {directory}");
        }

        md.AppendLine();
        md.AppendLine("| host | start | runs | median s | min s | max s | CPU s (median) | schema and demo data ready at s (median) | other cores (median) | load average (median) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in samples.GroupBy(s => (s.Host, s.Start)))
        {
            var ready = group.Select(s => s.Ready.TotalSeconds).ToList();
            var seeded = group.Where(s => s.Seeded is not null).Select(s => s.Seeded!.Value.TotalSeconds).ToList();
            md.AppendLine(Invariant,
                $"| {group.Key.Host} | {group.Key.Start} | {ready.Count} | {Median(ready):0.00} | {ready.Min():0.00} | {ready.Max():0.00} | " +
                $"{Median(group.Select(s => s.Cpu.TotalSeconds)):0.00} | {(seeded.Count > 0 ? Median(seeded).ToString("0.00", Invariant) : "–")} | " +
                $"{Median(group.Select(s => s.OtherCores)):0.0} | {Median(group.Select(s => s.LoadAverage)):0.0} |");
        }

        md.AppendLine();
        md.AppendLine("Every start:");
        md.AppendLine();
        md.AppendLine("| round | host | start | ready s | CPU s | schema and demo data ready at s | other cores | load average |");
        md.AppendLine("|---:|---|---|---:|---:|---:|---:|---:|");
        foreach (var s in samples)
        {
            md.AppendLine(Invariant,
                $"| {s.Round} | {s.Host} | {s.Start} | {s.Ready.TotalSeconds:0.00} | {s.Cpu.TotalSeconds:0.00} | " +
                $"{(s.Seeded is { } seeded ? seeded.TotalSeconds.ToString("0.00", Invariant) : "–")} | {s.OtherCores:0.0} | {s.LoadAverage:0.0} |");
        }

        return md.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
