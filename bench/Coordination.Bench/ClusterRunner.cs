using System.Diagnostics;
using HdrHistogram;
using Npgsql;

namespace Coordination.Bench;

/// <summary>One scenario on the hosts of one cluster: the usual figures, PostgreSQL's CPU and, on two hosts, the hop split.</summary>
public sealed record ClusterResult(RunResult Run, int Hosts, double PostgresCpuSeconds, HopSplit? Hop, IReadOnlyList<StatementCost> Statements)
{
    public double PostgresCores => PostgresCpuSeconds / Run.WindowSeconds;

    public double PostgresMillisecondsPerAction =>
        Run.Delivery.ActionsMeasured == 0 ? double.NaN : PostgresCpuSeconds * 1e3 / Run.Delivery.ActionsMeasured;
}

/// <summary>
/// Latency of the deltas delivered by the host that handled the action's HTTP call (<see cref="SameHost"/>) and by
/// the other host (<see cref="OtherHost"/>); and per action and audience, the first arrival on the other host's
/// connections minus the first on the same host's (<see cref="DifferenceP50"/>, ms), which leaves out what both
/// share (the HTTP call, the write).
/// </summary>
/// <remarks>
/// The grain that commits a change may be on either host, so the signed difference mixes "the other host is one
/// hop further" with "the same host is"; its absolute value (<see cref="AbsoluteP50"/>) is the hop's size.
/// </remarks>
public sealed record HopSplit(
    Percentiles SameHost, Percentiles OtherHost, int Pairs, double DifferenceP50, double DifferenceP90, double AbsoluteP50, double AbsoluteP90,
    double OtherFirstShare);

/// <summary>
/// Runs a scenario against the hosts of one cluster (one host, or two): each account's connections alternate
/// across the hosts, and each host gets its own open-loop sender at its share of the rate, so that every host
/// handles reports and triages and serves every audience. Host CPU and working set are the sum over the hosts.
/// </summary>
public sealed class ClusterRunner
{
    private const long HighestMicroseconds = 120_000_000;

    /// <summary>PostgreSQL's costliest statements kept per run.</summary>
    private const int StatementsShown = 8;

    private readonly IReadOnlyList<Runner> _hosts;
    private readonly IReadOnlyList<ActionLog> _logs;
    private readonly PostgresProcess _postgres;
    private readonly string _database;
    private readonly int _tickMilliseconds;
    private readonly Settings _settings;
    private int _runs;

    public ClusterRunner(string name, IReadOnlyList<ServerProcess> hosts, PostgresProcess postgres, string database, int tickMilliseconds, Settings settings)
    {
        Name = name;
        // A Runner per host for its tokens and connections; an action log per host says which host handled what.
        _hosts = [.. hosts.Select(host => new Runner(host, tickMilliseconds, settings))];
        _logs = [.. hosts.Select(_ => new ActionLog())];
        _postgres = postgres;
        _database = database;
        _tickMilliseconds = tickMilliseconds;
        _settings = settings;
    }

    public string Name { get; }

    public IReadOnlyList<Runner> Hosts => _hosts;

    public async Task<ClusterResult> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var run = ++_runs;
        await WaitForIdleHostsAsync(cancellationToken);
        var connecting = Stopwatch.StartNew();
        var perHost = await Task.WhenAll(Split(Accounts.Population(scenario.Boards, scenario.Members))
            .Select((population, host) => _hosts[host].ConnectAsync(population, cancellationToken)));
        var clients = perHost.SelectMany(c => c).ToList();
        var clientHost = perHost.SelectMany((c, host) => c.Select(_ => host)).ToList();
        var connectTime = connecting.Elapsed;
        var workloads = new List<Workload>();
        try
        {
            for (var host = 0; host < _hosts.Count; host++)
            {
                workloads.Add(new Workload(run, _hosts[host].Server.BaseAddress, await _hosts[host].TokensAsync(cancellationToken), scenario.Reporters, _logs[host]));
            }

            var rate = scenario.Rate / _hosts.Count;
            await Task.WhenAll(workloads.Select(w => w.RunAsync(rate, _settings.Warmup, measured: false, cancellationToken)));

            var hostsBefore = HostsCpu();
            await _postgres.ResetStatementsAsync(cancellationToken);
            var postgresBefore = _postgres.CpuTime();
            var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var machineBefore = MachineCpu.Read();
            var load = MachineCpu.LoadAverage();
            var windowStart = Stopwatch.GetTimestamp();
            await Task.WhenAll(workloads.Select(w => w.RunAsync(rate, _settings.Measure, measured: true, cancellationToken)));
            var sendEnd = Stopwatch.GetTimestamp();
            var workingSet = _hosts.Sum(h => h.Server.WorkingSet());
            var skipped = workloads.Sum(w => w.Skipped);

            // Drain: until the answers are in and no delta arrived for a second (or the drain limit).
            await Task.WhenAll(workloads.Select(w => w.WaitForAnswersAsync())).WaitAsync(_settings.MaxDrain, cancellationToken)
                .ContinueWith(_ => { }, TaskScheduler.Default);
            var drainEnd = await WaitForQuietAsync(clients, sendEnd, cancellationToken);
            var windowEnd = Stopwatch.GetTimestamp();
            var hostsCpu = (HostsCpu() - hostsBefore).TotalSeconds;
            var postgresCpu = (_postgres.CpuTime() - postgresBefore).TotalSeconds;
            var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds;
            var machineBusy = MachineCpu.Busy(machineBefore, MachineCpu.Read());
            var statements = await _postgres.ReadStatementsAsync(_database, StatementsShown, cancellationToken);

            var actionHost = new Dictionary<ActionRecord, int>();
            for (var host = 0; host < _logs.Count; host++)
            {
                foreach (var action in _logs[host].All())
                {
                    actionHost[action] = host;
                }
            }

            var delivery = Analysis.Reconcile(clients, [.. actionHost.Keys], run, windowStart, sendEnd, windowEnd, _settings.Deadline);
            var measuredSeconds = (sendEnd - windowStart) / (double)Stopwatch.Frequency;
            var result = new RunResult(
                scenario, Name, _tickMilliseconds, clients.Count, connectTime, measuredSeconds,
                delivery.ActionsMeasured / measuredSeconds, skipped, delivery, hostsCpu, clientCpu, machineBusy,
                (windowEnd - windowStart) / (double)Stopwatch.Frequency, workingSet, (drainEnd - sendEnd) / (double)Stopwatch.Frequency, load);
            var hop = _hosts.Count > 1 ? SplitByHost(clients, clientHost, actionHost, run, _settings.Deadline) : null;
            return new ClusterResult(result, _hosts.Count, postgresCpu, hop, statements);
        }
        finally
        {
            foreach (var workload in workloads)
            {
                workload.Dispose();
            }

            await Runner.DisconnectAsync(clients);
        }
    }

    /// <summary>
    /// Each account's connections in turn across the hosts (not connection i to host i mod n: that would put all
    /// of one coordinator's boards, and whole organisations, on one host).
    /// </summary>
    private List<List<Accounts.Account>> Split(IReadOnlyList<Accounts.Account> population)
    {
        var perHost = _hosts.Select(_ => new List<Accounts.Account>()).ToList();
        var seen = new Dictionary<string, int>();
        foreach (var account in population)
        {
            var count = seen.GetValueOrDefault(account.Email);
            seen[account.Email] = count + 1;
            perHost[count % perHost.Count].Add(account);
        }

        return perHost;
    }

    /// <summary>
    /// Every delta a connection received for a measured action of this run, once per action and audience, within
    /// the deadline: into "same host" when the connection is on the host that handled the action's HTTP call, else
    /// "other host". Matching as in <see cref="Analysis.Reconcile"/>, whose figures stay the run's.
    /// </summary>
    public static HopSplit SplitByHost(
        IReadOnlyList<SimulatedClient> clients, IReadOnlyList<int> clientHost, IReadOnlyDictionary<ActionRecord, int> actionHost, int run, TimeSpan deadline)
    {
        var byConcern = new Dictionary<(Guid, ActionKind), ActionRecord>();
        foreach (var action in actionHost.Keys.Where(a => a.Ok))
        {
            byConcern[(action.ConcernId, action.Kind)] = action;
        }

        var deadlineTicks = (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        var same = new LongHistogram(HighestMicroseconds, 3);
        var other = new LongHistogram(HighestMicroseconds, 3);
        // Per action and audience: the first arrival on a connection of the same host [0] and of the other host [1].
        var first = new Dictionary<(ActionRecord, string), long[]>();
        for (var c = 0; c < clients.Count; c++)
        {
            var client = clients[c];
            var seen = new HashSet<(ActionRecord, byte)>();
            foreach (var receipt in client.Snapshot().Receipts)
            {
                if (Json.ActionOf(receipt.Kind) is not { } kind || !byConcern.TryGetValue((receipt.ConcernId, kind), out var action)
                    || !action.Measured || action.Run != run)
                {
                    continue;
                }

                var audience = client.Audiences[receipt.Audience];
                if (audience != Accounts.CoordinatorsAudience && audience != Accounts.OrganisationAudience(action.Organisation))
                {
                    continue;
                }

                var elapsed = receipt.Timestamp - action.SentAt;
                if (!seen.Add((action, receipt.Audience)) || elapsed > deadlineTicks)
                {
                    continue;
                }

                var sameHost = clientHost[c] == actionHost[action];
                (sameHost ? same : other).RecordValue(Math.Clamp(elapsed * 1_000_000 / Stopwatch.Frequency, 0, HighestMicroseconds));
                if (!first.TryGetValue((action, audience), out var firsts))
                {
                    first[(action, audience)] = firsts = [long.MaxValue, long.MaxValue];
                }

                var index = sameHost ? 0 : 1;
                firsts[index] = Math.Min(firsts[index], receipt.Timestamp);
            }
        }

        var differences = first.Values.Where(f => f[0] != long.MaxValue && f[1] != long.MaxValue)
            .Select(f => (f[1] - f[0]) * 1000.0 / Stopwatch.Frequency).Order().ToList();
        var absolute = differences.Select(Math.Abs).Order().ToList();
        return new HopSplit(
            Percentiles.Of(same), Percentiles.Of(other), differences.Count, Quantile(differences, 0.5), Quantile(differences, 0.9),
            Quantile(absolute, 0.5), Quantile(absolute, 0.9), differences.Count == 0 ? double.NaN : differences.Count(d => d < 0) / (double)differences.Count);
    }

    private static double Quantile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

    private TimeSpan HostsCpu() => _hosts.Aggregate(TimeSpan.Zero, (sum, h) => sum + h.Server.CpuTime());

    /// <summary>
    /// Before a run: until the hosts together use less than a fifth of a core each over a second and no statement
    /// of theirs is running in the database (at most 60 s). A backlog on PostgreSQL waits on row locks, not on the
    /// CPU, so the CPU alone would not show it.
    /// </summary>
    private async Task WaitForIdleHostsAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var before = HostsCpu();
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            if ((HostsCpu() - before).TotalSeconds < 0.2 * _hosts.Count && await BusyBackendsAsync(cancellationToken) == 0)
            {
                return;
            }
        }

        Console.WriteLine($"  warning: {Name} still busy after 60 s of waiting ({await BusyBackendsAsync(cancellationToken)} statements running); measuring anyway.");
    }

    private async Task<long> BusyBackendsAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString(_database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state NOT IN ('idle') AND pid <> pg_backend_pid()", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<long> WaitForQuietAsync(IReadOnlyList<SimulatedClient> clients, long sendEnd, CancellationToken cancellationToken)
    {
        var limit = sendEnd + (long)(_settings.MaxDrain.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            await Task.Delay(100, cancellationToken);
            var last = clients.Max(c => c.LastArrival);
            var now = Stopwatch.GetTimestamp();
            if (now - Math.Max(last, sendEnd) >= Stopwatch.Frequency || now >= limit)
            {
                return Math.Max(last, sendEnd);
            }
        }
    }
}
