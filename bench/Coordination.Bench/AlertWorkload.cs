using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Coordination.Bench;

// The alert API as the harness uses it (src/Silo/Apis/AlertsApi.cs): send by organisation ids, acknowledge, close.

public sealed record AlertRequest(
    string Title, string Message, string Severity, IReadOnlyList<string> Kinds, IReadOnlyList<string> Areas,
    IReadOnlyList<string> OrganisationIds, DateTimeOffset? ExpiresAt);

public sealed record AlertAnswer(Guid Id);

public sealed record AcknowledgeRequest(string? Comment);

public sealed record ReasonRequest(string? Reason);

public enum AlertDeltaKind : byte
{
    Sent = 0,
    Acknowledged = 1,
    Other = 255,
}

/// <summary>
/// One alert delta as received. <see cref="Acknowledged"/>: on the coordinators' audience, the organisations
/// that had acknowledged when the delta was made (the view is cumulative, so the first delta that names an
/// organisation is the one its acknowledgement produced).
/// </summary>
public readonly record struct AlertReceipt(long Timestamp, Guid AlertId, AlertDeltaKind Kind, byte Audience, string[]? Acknowledged)
{
    public static AlertDeltaKind? KindOf(string type) => type switch
    {
        "alert.sent" => AlertDeltaKind.Sent,
        "alert.acknowledged" => AlertDeltaKind.Acknowledged,
        _ when type.StartsWith("alert.", StringComparison.Ordinal) => AlertDeltaKind.Other,
        _ => null,
    };

    public static string[]? AcknowledgedIn(DeltaData? data)
    {
        if (data is null || data.Organisations.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var acknowledged = new List<string>();
        foreach (var organisation in data.Organisations.EnumerateArray())
        {
            if (organisation.TryGetProperty("acknowledgedAt", out var at) && at.ValueKind != JsonValueKind.Null &&
                organisation.TryGetProperty("organisationId", out var id) && id.GetString() is { } organisationId)
            {
                acknowledged.Add(organisationId);
            }
        }

        return [.. acknowledged];
    }
}

/// <summary>One alert as the harness sent it.</summary>
public sealed class AlertRecord
{
    public required int Run { get; init; }

    public required bool Measured { get; init; }

    public required IReadOnlyList<string> Organisations { get; init; }

    /// <summary>Stopwatch timestamp just before the HTTP call.</summary>
    public required long SentAt { get; init; }

    /// <summary>From the answer.</summary>
    public Guid AlertId { get; set; }

    public long DoneAt { get; set; }

    public bool Ok { get; set; }

    public string? Error { get; set; }
}

/// <summary>One acknowledgement: an organisation's member acknowledging an alert its client has just received.</summary>
public sealed class AcknowledgementRecord
{
    public required Guid AlertId { get; init; }

    public required string Organisation { get; init; }

    public required long SentAt { get; init; }

    public long DoneAt { get; set; }

    public bool Ok { get; set; }

    public string? Error { get; set; }
}

/// <summary>Every alert and acknowledgement sent to one server, across its scenarios.</summary>
public sealed class AlertLog
{
    private readonly Lock _gate = new();
    private readonly List<AlertRecord> _alerts = [];
    private readonly List<AcknowledgementRecord> _acknowledgements = [];

    public void Add(AlertRecord alert)
    {
        lock (_gate)
        {
            _alerts.Add(alert);
        }
    }

    public void Add(AcknowledgementRecord acknowledgement)
    {
        lock (_gate)
        {
            _acknowledgements.Add(acknowledgement);
        }
    }

    public (List<AlertRecord> Alerts, List<AcknowledgementRecord> Acknowledgements) All()
    {
        lock (_gate)
        {
            return ([.. _alerts], [.. _acknowledgements]);
        }
    }
}

/// <summary>
/// Open-loop alerts at a set rate from the two coordinators, each to one, two or three of the five partner
/// organisations in turn; for each alert one member account of each addressed organisation acknowledges it
/// over the HTTP API as soon as that member's connection receives it.
/// </summary>
public sealed class AlertWorkload : IDisposable
{
    /// <summary>The addressable organisations and who acknowledges for each (the other member connections only receive).</summary>
    public static IReadOnlyList<Accounts.Account> Acknowledgers { get; } =
        [Accounts.Hotell, Accounts.Hotell2, Accounts.Taxi, Accounts.Fastighet, Accounts.Polis];

    private static readonly IReadOnlyList<Accounts.Account> Senders = [Accounts.Samordnare, Accounts.SamordnareNgo];

    private const string Message =
        "Ökad risk på hotell i centrum i helgen. Var uppmärksam på: någon annan håller gästens id-handlingar eller pengar, " +
        "kontant betalning natt för natt, många besökare till samma rum. Konfrontera ingen; rapportera i appen.";

    private readonly Dictionary<string, HttpClient> _clients = [];
    private readonly AlertLog _log;
    private readonly int _run;
    private readonly ConcurrentDictionary<(Guid, string), bool> _acknowledging = new();
    private readonly List<Task> _inFlightTasks = [];
    private long _slot;
    private int _inFlight;

    public AlertWorkload(int run, Uri baseAddress, IReadOnlyDictionary<string, string> tokens, AlertLog log)
    {
        _run = run;
        _log = log;
        foreach (var account in Senders.Concat(Acknowledgers))
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

    /// <summary>Unanswered alerts and acknowledgements.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Makes the first connection of each acknowledging account acknowledge every alert it receives; false when a
    /// population lacks one of them (each alert must be acknowledged by every addressed organisation).
    /// </summary>
    public bool Attach(IReadOnlyList<SimulatedClient> clients)
    {
        foreach (var account in Acknowledgers)
        {
            if (clients.FirstOrDefault(c => c.Account == account) is not { } client)
            {
                return false;
            }

            client.OnAlertSent = alertId => Start(AcknowledgeAsync(alertId, account));
        }

        return true;
    }

    /// <summary>Sends alerts at <paramref name="rate"/> per second for <paramref name="duration"/>; returns when the last one was sent.</summary>
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
                if (InFlight >= Workload.MaxInFlight)
                {
                    Skipped++;
                    continue;
                }

                Start(SendAsync(Interlocked.Increment(ref _slot), measured));
            }

            await Task.Delay(1, CancellationToken.None);
        }
    }

    /// <summary>Waits until every call started so far has its answer (or its timeout).</summary>
    public async Task WaitForAnswersAsync()
    {
        while (true)
        {
            Task[] tasks;
            lock (_inFlightTasks)
            {
                tasks = [.. _inFlightTasks];
                _inFlightTasks.Clear();
            }

            if (tasks.Length == 0)
            {
                return;
            }

            await Task.WhenAll(tasks);
        }
    }

    /// <summary>Closes the alerts of this run (after the clients left): they leave the board and the partners' lists.</summary>
    public async Task CloseAsync(IEnumerable<AlertRecord> alerts, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(alerts.Where(a => a.Ok && a.Run == _run), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (alert, token) =>
            {
                try
                {
                    using var response = await _clients[Accounts.Samordnare.Email].PostAsJsonAsync(
                        $"/api/alerts/{alert.AlertId}/close", new ReasonRequest("Benchmark run over."), Json.Options, token);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    // Left open: it costs later runs a larger board snapshot, not a wrong figure.
                }
            });

    /// <summary>One, two or three organisations, starting at a different one each time.</summary>
    public static IReadOnlyList<string> AddresseesOf(long slot)
    {
        var count = (int)(slot % 3) + 1;
        var first = (int)(slot / 3 % Acknowledgers.Count);
        return [.. Enumerable.Range(0, count).Select(i => Acknowledgers[(first + i) % Acknowledgers.Count].Organisation)];
    }

    private void Start(Task task)
    {
        lock (_inFlightTasks)
        {
            _inFlightTasks.Add(task);
        }
    }

    private async Task SendAsync(long slot, bool measured)
    {
        Interlocked.Increment(ref _inFlight);
        var sender = Senders[(int)(slot % Senders.Count)];
        var addressees = AddresseesOf(slot);
        var request = new AlertRequest($"Benchmark alert {slot}", Message, "Warning", [], [], addressees, null);
        var alert = new AlertRecord { Run = _run, Measured = measured, Organisations = addressees, SentAt = Stopwatch.GetTimestamp() };
        _log.Add(alert);
        try
        {
            using var response = await _clients[sender.Email].PostAsJsonAsync("/api/alerts", request, Json.Options);
            if (response.StatusCode == HttpStatusCode.Created && await response.Content.ReadFromJsonAsync<AlertAnswer>(Json.Options) is { } answer)
            {
                alert.AlertId = answer.Id;
                alert.Ok = true;
            }
            else
            {
                alert.Error = $"send {(int)response.StatusCode}";
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            alert.Error = $"send {exception.GetType().Name}";
        }
        finally
        {
            alert.DoneAt = Stopwatch.GetTimestamp();
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task AcknowledgeAsync(Guid alertId, Accounts.Account member)
    {
        // Once per alert and organisation, also if the connection got the alert twice.
        if (!_acknowledging.TryAdd((alertId, member.Organisation), true))
        {
            return;
        }

        Interlocked.Increment(ref _inFlight);
        try
        {
            // Off the hub connection's receive loop before the call.
            await Task.Yield();
            var acknowledgement = new AcknowledgementRecord { AlertId = alertId, Organisation = member.Organisation, SentAt = Stopwatch.GetTimestamp() };
            _log.Add(acknowledgement);
            await SendAcknowledgementAsync(acknowledgement, member);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task SendAcknowledgementAsync(AcknowledgementRecord acknowledgement, Accounts.Account member)
    {
        var alertId = acknowledgement.AlertId;
        try
        {
            using var response = await _clients[member.Email].PostAsJsonAsync($"/api/alerts/{alertId}/acknowledge", new AcknowledgeRequest(null), Json.Options);
            acknowledgement.Ok = response.StatusCode == HttpStatusCode.OK;
            acknowledgement.Error = acknowledgement.Ok ? null : $"acknowledge {(int)response.StatusCode}";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            acknowledgement.Error = $"acknowledge {exception.GetType().Name}";
        }
        finally
        {
            acknowledgement.DoneAt = Stopwatch.GetTimestamp();
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
