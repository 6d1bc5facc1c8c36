using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Coordination.Bench;

/// <summary>One report or triage as the harness sent it.</summary>
public sealed class ActionRecord
{
    public required ActionKind Kind { get; init; }

    /// <summary>The scenario run that sent it.</summary>
    public required int Run { get; init; }

    public required string Organisation { get; init; }

    /// <summary>Counted in the figures (sent during the measurement, not the warm-up).</summary>
    public required bool Measured { get; init; }

    /// <summary>Stopwatch timestamp just before the HTTP call.</summary>
    public required long SentAt { get; init; }

    /// <summary>Known at once for a triage, from the answer for a report.</summary>
    public Guid ConcernId { get; set; }

    public long DoneAt { get; set; }

    public bool Ok { get; set; }

    public string? Error { get; set; }
}

/// <summary>Every action sent to one server, across its scenarios, so that a late delta of an earlier run is recognised.</summary>
public sealed class ActionLog
{
    private readonly Lock _gate = new();
    private readonly List<ActionRecord> _actions = [];

    public void Add(ActionRecord action)
    {
        lock (_gate)
        {
            _actions.Add(action);
        }
    }

    public List<ActionRecord> All()
    {
        lock (_gate)
        {
            return [.. _actions];
        }
    }
}

/// <summary>
/// Open-loop load at a set rate from a few HTTP clients (one per reporting account and one coordinator): even
/// slots report a concern, odd slots triage the oldest report that was accepted and not yet triaged.
/// </summary>
public sealed class Workload : IDisposable
{
    /// <summary>Beyond this many unanswered calls a slot is skipped (counted), so that a stalled server cannot pile up calls without end.</summary>
    public const int MaxInFlight = 2000;

    private static readonly string[] Areas = ["Centrum", "Söder", "Norr", "Tågaborg", "Olympia", "Råå", "Väla"];

    private readonly Dictionary<string, HttpClient> _clients = [];
    private readonly IReadOnlyList<Accounts.Account> _reporters;
    private readonly ActionLog _log;
    private readonly ConcurrentQueue<(Guid Id, string Organisation)> _toTriage = new();
    private readonly List<Task> _inFlightTasks = [];
    private readonly int _run;
    private long _slot;
    private int _inFlight;

    public Workload(int run, Uri baseAddress, IReadOnlyDictionary<string, string> tokens, IReadOnlyList<Accounts.Account> reporters, ActionLog log)
    {
        _run = run;
        _reporters = reporters;
        _log = log;
        foreach (var account in reporters.Append(Accounts.Triager).Distinct())
        {
            var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = baseAddress,
                Timeout = TimeSpan.FromSeconds(60),
            };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[account.Email]);
            _clients[account.Email] = client;
        }
    }

    public int Skipped { get; private set; }

    /// <summary>Sends actions at <paramref name="rate"/> per second for <paramref name="duration"/>; returns when the last one was sent.</summary>
    public async Task RunAsync(double rate, TimeSpan duration, bool measured, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        long sent = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (elapsed >= duration)
            {
                break;
            }

            var due = (long)(elapsed.TotalSeconds * rate) + 1;
            for (; sent < due; sent++)
            {
                if (Volatile.Read(ref _inFlight) >= MaxInFlight)
                {
                    Skipped++;
                    continue;
                }

                Interlocked.Increment(ref _inFlight);
                var task = SendOneAsync(measured);
                lock (_inFlightTasks)
                {
                    _inFlightTasks.Add(task);
                }
            }

            await Task.Delay(1, CancellationToken.None);
        }
    }

    /// <summary>Waits until every call sent so far has its answer (or its timeout).</summary>
    public async Task WaitForAnswersAsync()
    {
        Task[] tasks;
        lock (_inFlightTasks)
        {
            tasks = [.. _inFlightTasks];
            _inFlightTasks.Clear();
        }

        await Task.WhenAll(tasks);
    }

    private async Task SendOneAsync(bool measured)
    {
        try
        {
            var slot = Interlocked.Increment(ref _slot);
            if (slot % 2 == 0 && _toTriage.TryDequeue(out var concern))
            {
                await TriageAsync(concern.Id, concern.Organisation, measured);
            }
            else
            {
                await ReportAsync(_reporters[(int)(slot / 2 % _reporters.Count)], slot, measured);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task ReportAsync(Accounts.Account reporter, long slot, bool measured)
    {
        var request = new ReportRequest(
            "Hotel", Areas[slot % Areas.Length], DateTimeOffset.UtcNow.AddHours(-1), ["fear", "signs-of-control"],
            "Benchmark report: many short visits tonight.", "Normal");
        var action = new ActionRecord { Run = _run, Kind = ActionKind.Report, Organisation = reporter.Organisation, Measured = measured, SentAt = Stopwatch.GetTimestamp() };
        _log.Add(action);
        try
        {
            using var response = await _clients[reporter.Email].PostAsJsonAsync("/api/concerns", request, Json.Options);
            if (response.StatusCode == HttpStatusCode.Created && await response.Content.ReadFromJsonAsync<ReportAnswer>(Json.Options) is { } answer)
            {
                action.ConcernId = answer.Id;
                action.Ok = true;
                _toTriage.Enqueue((answer.Id, reporter.Organisation));
            }
            else
            {
                action.Error = $"report {(int)response.StatusCode}";
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            action.Error = $"report {exception.GetType().Name}";
        }
        finally
        {
            action.DoneAt = Stopwatch.GetTimestamp();
        }
    }

    private async Task TriageAsync(Guid id, string organisation, bool measured)
    {
        var action = new ActionRecord
        {
            Run = _run, Kind = ActionKind.Triage, Organisation = organisation, Measured = measured, SentAt = Stopwatch.GetTimestamp(), ConcernId = id,
        };
        _log.Add(action);
        try
        {
            using var response = await _clients[Accounts.Triager.Email].PostAsync($"/api/concerns/{id}/triage", null);
            action.Ok = response.StatusCode == HttpStatusCode.OK;
            action.Error = action.Ok ? null : $"triage {(int)response.StatusCode}";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            action.Error = $"triage {exception.GetType().Name}";
        }
        finally
        {
            action.DoneAt = Stopwatch.GetTimestamp();
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
