using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace Coordination.Bench;

/// <summary>A workload: who is connected and how fast actions come.</summary>
public sealed record Scenario(string Name, string Description, int Boards, int Members, double Rate, bool Broadcast, bool WithDirectFloor)
{
    public int Connections => Boards + Members;

    public IReadOnlyList<Accounts.Account> Reporters => Broadcast ? Accounts.BroadcastReporters : Accounts.MixReporters;
}

/// <summary>The figures of one scenario against one server.</summary>
public sealed record RunResult(
    Scenario Scenario,
    string Target,
    int TickMilliseconds,
    int Connections,
    TimeSpan ConnectTime,
    double MeasuredSeconds,
    double AchievedRate,
    int Skipped,
    Delivery Delivery,
    double ServerCpuSeconds,
    double ClientCpuSeconds,
    double MachineBusy,
    double WindowSeconds,
    long ServerWorkingSet,
    double DrainSeconds,
    double LoadAverage)
{
    /// <summary>Of <see cref="ServerCpuSeconds"/>, the runtime's background JIT (tier-1 recompilation); null where not measured.</summary>
    public double? JitCpuSeconds { get; init; }

    /// <summary>Cores busy with anything but this server and the clients: other processes on a shared machine.</summary>
    public double OtherCores => Math.Max(0, MachineBusy * Environment.ProcessorCount - (ServerCpuSeconds + ClientCpuSeconds) / WindowSeconds);

    public double MessagesPerSecond => Delivery.MessagesInWindow / WindowSeconds;

    public double DeltasPerSecond => Delivery.DeltasInWindow / WindowSeconds;

    /// <summary>Server CPU time per delivered hub message (one "Deltas" invocation received by one client).</summary>
    public double CpuMicrosecondsPerMessage => Delivery.MessagesInWindow == 0 ? double.NaN : ServerCpuSeconds * 1e6 / Delivery.MessagesInWindow;

    /// <summary>Server CPU time per delivered delta (one change received by one client).</summary>
    public double CpuMicrosecondsPerDelta => Delivery.DeltasInWindow == 0 ? double.NaN : ServerCpuSeconds * 1e6 / Delivery.DeltasInWindow;

    /// <summary>Server CPU time per action (report or triage), all its work included.</summary>
    public double CpuMillisecondsPerAction => Delivery.ActionsMeasured == 0 ? double.NaN : ServerCpuSeconds * 1e3 / Delivery.ActionsMeasured;

    public long Errors => Delivery.Lost + Delivery.Duplicates + Delivery.GapDeltas + Delivery.Foreign + Delivery.ActionsFailed;
}

/// <summary>Working set of a server idle, and with N idle hub connections.</summary>
public sealed record MemoryResult(string Target, int Connections, long Before, long After)
{
    public double PerConnectionKilobytes => Connections == 0 ? double.NaN : (After - Before) / 1024.0 / Connections;
}

public sealed record Settings(TimeSpan Warmup, TimeSpan Measure, TimeSpan Deadline, TimeSpan MaxDrain, int ConnectParallelism);

/// <summary>Runs one scenario against one server: connect, warm up, measure, drain, reconcile, disconnect.</summary>
public sealed class Runner(ServerProcess server, int tickMilliseconds, Settings settings)
{
    private readonly ActionLog _log = new();
    private Dictionary<string, string>? _tokens;
    private int _runs;

    public ServerProcess Server => server;

    public async Task<IReadOnlyDictionary<string, string>> TokensAsync(CancellationToken cancellationToken)
    {
        if (_tokens is null)
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            var tokens = new Dictionary<string, string>();
            foreach (var account in Accounts.All)
            {
                using var response = await http.PostAsJsonAsync("/api/auth/token", new TokenRequest(account.Email, Accounts.Password), Json.Options, cancellationToken);
                response.EnsureSuccessStatusCode();
                tokens[account.Email] = (await response.Content.ReadFromJsonAsync<TokenAnswer>(Json.Options, cancellationToken))!.AccessToken;
            }

            _tokens = tokens;
        }

        return _tokens;
    }

    public async Task<List<SimulatedClient>> ConnectAsync(IReadOnlyList<Accounts.Account> population, CancellationToken cancellationToken)
    {
        var tokens = await TokensAsync(cancellationToken);
        var clients = new SimulatedClient[population.Count];
        await Parallel.ForAsync(0, population.Count, new ParallelOptions { MaxDegreeOfParallelism = settings.ConnectParallelism, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var account = population[i];
                clients[i] = await SimulatedClient.ConnectAsync(server.BaseAddress, account, tokens[account.Email], token);
            });

        // A worker also follows worker/{their id}, which the harness cannot know before it asks; those deltas are checked
        // for order like any, but not timed.
        var wrong = clients.FirstOrDefault(c => !c.Audiences.Where(a => !a.StartsWith("worker/", StringComparison.Ordinal)).SequenceEqual(c.Account.Audiences));
        if (wrong is not null)
        {
            Console.WriteLine($"  warning: {wrong.Account.Email} follows [{string.Join(", ", wrong.Audiences)}] on {server.Name}, " +
                $"the harness expected [{string.Join(", ", wrong.Account.Audiences)}]; the server's answer is used.");
        }

        return [.. clients];
    }

    public static async Task DisconnectAsync(IEnumerable<SimulatedClient> clients) =>
        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (client, _) => await client.DisposeAsync());

    public async Task<RunResult> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var run = ++_runs;
        await WaitForIdleServerAsync(cancellationToken);
        var connecting = Stopwatch.StartNew();
        var clients = await ConnectAsync(Accounts.Population(scenario.Boards, scenario.Members), cancellationToken);
        var connectTime = connecting.Elapsed;
        try
        {
            using var workload = new Workload(run, server.BaseAddress, await TokensAsync(cancellationToken), scenario.Reporters, _log);
            await workload.RunAsync(scenario.Rate, settings.Warmup, measured: false, cancellationToken);

            var cpuBefore = server.CpuTime();
            var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var machineBefore = MachineCpu.Read();
            var load = MachineCpu.LoadAverage();
            var windowStart = Stopwatch.GetTimestamp();
            await using var jit = JitMeter.Start(server.ProcessId);
            await workload.RunAsync(scenario.Rate, settings.Measure, measured: true, cancellationToken);
            var sendEnd = Stopwatch.GetTimestamp();
            var workingSet = server.WorkingSet();
            var skipped = workload.Skipped;

            // Drain: until the answers are in and no delta arrived for a second (or the drain limit).
            await workload.WaitForAnswersAsync().WaitAsync(settings.MaxDrain, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            var drainEnd = await WaitForQuietAsync(clients, sendEnd, cancellationToken);
            var windowEnd = Stopwatch.GetTimestamp();
            var serverCpu = (server.CpuTime() - cpuBefore).TotalSeconds;
            double? jitCpu = jit is null ? null : await jit.StopAsync();
            var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds;
            var machineBusy = MachineCpu.Busy(machineBefore, MachineCpu.Read());

            var delivery = Analysis.Reconcile(clients, _log.All(), run, windowStart, sendEnd, windowEnd, settings.Deadline);
            var measuredSeconds = (sendEnd - windowStart) / (double)Stopwatch.Frequency;
            return new RunResult(
                scenario, server.Name, tickMilliseconds, clients.Count, connectTime, measuredSeconds,
                delivery.ActionsMeasured / measuredSeconds, skipped, delivery, serverCpu, clientCpu, machineBusy,
                (windowEnd - windowStart) / (double)Stopwatch.Frequency, workingSet, (drainEnd - sendEnd) / (double)Stopwatch.Frequency, load)
            {
                JitCpuSeconds = jitCpu,
            };
        }
        finally
        {
            await DisconnectAsync(clients);
        }
    }

    /// <summary>
    /// Before a run: until the server uses less than a fifth of a core over a second (at most 30 s), so that the
    /// backlog of an earlier run that overloaded it is not charged to this one.
    /// </summary>
    public async Task WaitForIdleServerAsync(CancellationToken cancellationToken)
    {
        if (!server.CanMeasureProcess)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var before = server.CpuTime();
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            if ((server.CpuTime() - before).TotalSeconds < 0.2)
            {
                return;
            }
        }

        Console.WriteLine($"  warning: {server.Name} still busy after 30 s of waiting; measuring anyway.");
    }

    /// <summary>Idle working set, then with <paramref name="counts"/> idle connections (cumulative).</summary>
    public async Task<List<MemoryResult>> IdleMemoryAsync(IReadOnlyList<int> counts, CancellationToken cancellationToken)
    {
        var results = new List<MemoryResult>();
        await TokensAsync(cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var baseline = await SettledWorkingSetAsync(cancellationToken);
        var clients = new List<SimulatedClient>();
        try
        {
            foreach (var count in counts)
            {
                var more = Accounts.Population(count / 20, count - count / 20).Skip(clients.Count).ToList();
                clients.AddRange(await ConnectAsync(more, cancellationToken));
                results.Add(new MemoryResult(server.Name, clients.Count, baseline, await SettledWorkingSetAsync(cancellationToken)));
            }
        }
        finally
        {
            await DisconnectAsync(clients);
        }

        return results;
    }

    /// <summary>The median of five samples, a second apart, after three seconds of quiet.</summary>
    private async Task<long> SettledWorkingSetAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var samples = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            samples.Add(server.WorkingSet());
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }

    private async Task<long> WaitForQuietAsync(IReadOnlyList<SimulatedClient> clients, long sendEnd, CancellationToken cancellationToken)
    {
        var limit = sendEnd + (long)(settings.MaxDrain.TotalSeconds * Stopwatch.Frequency);
        var quiet = Stopwatch.Frequency;
        while (true)
        {
            await Task.Delay(100, cancellationToken);
            var last = clients.Max(c => c.LastArrival);
            var now = Stopwatch.GetTimestamp();
            if (now - Math.Max(last, sendEnd) >= quiet || now >= limit)
            {
                return Math.Max(last, sendEnd);
            }
        }
    }
}

/// <summary>The whole machine's CPU use from /proc/stat (both cores, all processes).</summary>
public static class MachineCpu
{
    public static (long Busy, long Total) Read()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            var total = fields.Take(8).Sum();
            return (total - idle, total);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    /// <summary>The one-minute load average: above the core count, other work competes with the benchmark.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    public static double Busy((long Busy, long Total) before, (long Busy, long Total) after) =>
        after.Total == before.Total ? double.NaN : (after.Busy - before.Busy) / (double)(after.Total - before.Total);
}
