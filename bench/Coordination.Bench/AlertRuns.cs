using System.Diagnostics;
using System.Globalization;

namespace Coordination.Bench;

/// <summary>An alerts workload: who is connected and how many alerts a second the coordinators send.</summary>
public sealed record AlertScenario(string Name, string Description, int Boards, int Members, double Rate)
{
    /// <summary>Each alert goes to 1, 2 or 3 organisations in turn (<see cref="AlertWorkload.AddresseesOf"/>): two acknowledgements per alert.</summary>
    public const double AcknowledgementsPerAlert = 2;

    /// <summary>The alert scenarios of a full run (none in --quick), or those named in --only.</summary>
    public static List<AlertScenario> Choose(bool quick, string? only)
    {
        List<AlertScenario> all =
        [
            new("alerts-1000", "Alerts: 50 coordinator boards + 950 partner members and workers, 10 alerts/s, each acknowledged by every addressed organisation", 50, 950, 10),
            new("alerts-100", "Alerts, 100 connections: 5 boards + 95 members, 10 alerts/s", 5, 95, 10),
        ];
        if (only is null)
        {
            return quick ? [] : all;
        }

        var names = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. all.Where(s => names.Contains(s.Name))];
    }
}

/// <summary>Runs the alert scenarios against each server in turn and adds two rows per run to the report: "sent" and "acknowledged".</summary>
public static class AlertRuns
{
    public static async Task RunAsync(
        IEnumerable<Runner?> runners, IReadOnlyList<AlertScenario> scenarios, int tickMilliseconds, Settings settings, Report report, CancellationToken cancellationToken)
    {
        var alertRunners = runners.OfType<Runner>().Select(r => new AlertRunner(r, tickMilliseconds, settings)).ToList();
        if (scenarios.Count > 0)
        {
            // The concern warm-up does not reach the alert path (grains, mail queue, API): without a pass of its own
            // the JIT compiles and re-compiles it (tiered PGO) during the measurement, a fifth of the host's CPU.
            foreach (var runner in alertRunners)
            {
                Console.WriteLine($"Warming up the alert path on {runner.Server.Name}...");
                await runner.RunAsync(new AlertScenario("alerts-warm-up", "not recorded", 10, 190, 10), cancellationToken);
            }
        }

        foreach (var scenario in scenarios)
        {
            Console.WriteLine($"{scenario.Name}: {scenario.Description}");
            foreach (var runner in alertRunners)
            {
                var (sent, acknowledged) = await runner.RunAsync(scenario, cancellationToken);
                foreach (var result in new[] { sent, acknowledged })
                {
                    report.Runs.Add(result);
                    var d = result.Delivery;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {result.Target,-12} {(result == sent ? "sent" : "ack"),-4} p50 {d.Latency.P50,7:0.0} p99 {d.Latency.P99,8:0.0} max {d.Latency.Max,8:0.0} ms | " +
                        $"{result.MessagesPerSecond,7:0} msg/s | CPU {result.CpuMicrosecondsPerMessage,6:0.0} µs/msg, server {result.ServerCpuSeconds / result.WindowSeconds:0.00} cores, " +
                        $"machine {result.MachineBusy:P0} | lost {d.Lost} dup {d.Duplicates} gaps {d.GapDeltas} foreign {d.Foreign} failed {d.ActionsFailed + result.Skipped} | " +
                        $"{result.AchievedRate:0}/s, API p50 {d.Api.P50:0.0} ms"));
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}

/// <summary>
/// One alert scenario against one server: connect, warm up, measure, drain (until every acknowledgement is
/// answered and no delta came for a second), reconcile, disconnect, close the run's alerts.
/// </summary>
public sealed class AlertRunner(Runner runner, int tickMilliseconds, Settings settings)
{
    public ServerProcess Server => runner.Server;

    private readonly AlertLog _log = new();
    private int _runs;

    public async Task<(RunResult Sent, RunResult Acknowledged)> RunAsync(AlertScenario scenario, CancellationToken cancellationToken)
    {
        var run = ++_runs;
        var server = runner.Server;
        await runner.WaitForIdleServerAsync(cancellationToken);
        var connecting = Stopwatch.StartNew();
        var clients = await runner.ConnectAsync(Accounts.Population(scenario.Boards, scenario.Members), cancellationToken);
        var connectTime = connecting.Elapsed;
        using var workload = new AlertWorkload(run, server.BaseAddress, await runner.TokensAsync(cancellationToken), _log);
        try
        {
            if (!workload.Attach(clients))
            {
                throw new InvalidOperationException($"{scenario.Name}: every acknowledging account needs a connection (at least 8 members).");
            }

            await workload.RunAsync(scenario.Rate, settings.Warmup, measured: false, cancellationToken);

            var cpuBefore = server.CpuTime();
            var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var machineBefore = MachineCpu.Read();
            var load = MachineCpu.LoadAverage();
            var windowStart = Stopwatch.GetTimestamp();
            await workload.RunAsync(scenario.Rate, settings.Measure, measured: true, cancellationToken);
            var sendEnd = Stopwatch.GetTimestamp();
            var workingSet = server.WorkingSet();
            var skipped = workload.Skipped;

            var drainEnd = await DrainAsync(workload, clients, sendEnd, cancellationToken);
            var windowEnd = Stopwatch.GetTimestamp();
            var serverCpu = (server.CpuTime() - cpuBefore).TotalSeconds;
            var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds;
            var machineBusy = MachineCpu.Busy(machineBefore, MachineCpu.Read());

            var (alerts, acknowledgements) = _log.All();
            var (sent, acknowledged) = AlertAnalysis.Reconcile(clients, alerts, acknowledgements, run, windowStart, sendEnd, windowEnd, settings.Deadline);
            var measuredSeconds = (sendEnd - windowStart) / (double)Stopwatch.Frequency;
            var windowSeconds = (windowEnd - windowStart) / (double)Stopwatch.Frequency;
            var drainSeconds = (drainEnd - sendEnd) / (double)Stopwatch.Frequency;
            RunResult Row(string what, double rate, Delivery delivery, int skippedSlots) => new(
                new Scenario($"{scenario.Name} {what}", $"{scenario.Description}: {what}", scenario.Boards, scenario.Members, rate, false, false),
                server.Name, tickMilliseconds, clients.Count, connectTime, measuredSeconds, delivery.ActionsMeasured / measuredSeconds, skippedSlots,
                delivery, serverCpu, clientCpu, machineBusy, windowSeconds, workingSet, drainSeconds, load);
            return (Row("sent", scenario.Rate, sent, skipped), Row("acknowledged", scenario.Rate * AlertScenario.AcknowledgementsPerAlert, acknowledged, 0));
        }
        finally
        {
            await Runner.DisconnectAsync(clients);
            await workload.WaitForAnswersAsync().WaitAsync(settings.MaxDrain, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            await workload.CloseAsync(_log.All().Alerts, cancellationToken);
        }
    }

    /// <summary>Until nothing is unanswered and no delta arrived for a second, or the drain limit after the last send.</summary>
    private async Task<long> DrainAsync(AlertWorkload workload, IReadOnlyList<SimulatedClient> clients, long sendEnd, CancellationToken cancellationToken)
    {
        var limit = sendEnd + (long)(settings.MaxDrain.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            await Task.Delay(100, cancellationToken);
            var last = Math.Max(clients.Max(c => c.LastArrival), sendEnd);
            var now = Stopwatch.GetTimestamp();
            if (workload.InFlight == 0 && now - last >= Stopwatch.Frequency || now >= limit)
            {
                return last;
            }
        }
    }
}
