using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace Coordination.Bench;

/// <summary>
/// The floor: a minimal ASP.NET Core SignalR server with the host's API shape (token, report, triage, alerts, the
/// hub with GetAudiences and "Deltas") and nothing else: no Orleans, no storage, no identity store (a token names
/// the account). It sends the same deltas to the same groups, either directly (one message per delta) or
/// coalesced per tick with the host's leading-edge rule, from one dispatcher loop like the host's.
/// </summary>
public static class FloorServer
{
    public static async Task RunAsync(int port, int tickMilliseconds, bool perAudienceEdge)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddSignalR().AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddSingleton(new FloorOptions(tickMilliseconds, perAudienceEdge));
        builder.Services.AddSingleton<FloorFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FloorFeed>());
        builder.Services.AddSingleton<FloorConcerns>();
        builder.Services.AddSingleton<FloorAlerts>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var app = builder.Build();
        app.MapGet("/health/ready", () => "Healthy");
        app.MapPost("/api/auth/token", (TokenRequest request) =>
            Accounts.Find(request.Email) is { } account && request.Password == Accounts.Password
                ? Results.Json(new TokenAnswer(FloorAuth.TokenPrefix + account.Email))
                : Results.Unauthorized());
        app.MapPost("/api/concerns", (ReportRequest request, HttpContext context, FloorConcerns concerns) =>
            FloorAuth.Caller(context) is { MayReport: true } caller
                ? Results.Json(concerns.Report(caller, request), statusCode: StatusCodes.Status201Created)
                : Results.Unauthorized());
        app.MapPost("/api/concerns/{id:guid}/triage", (Guid id, HttpContext context, FloorConcerns concerns) =>
            FloorAuth.Caller(context) is { IsCoordinator: true } ? concerns.Triage(id) : Results.Unauthorized());
        app.MapFloorAlerts();
        app.MapHub<FloorHub>("/hubs/coordination");
        await app.RunAsync();
    }
}

/// <param name="TickMilliseconds">0: every delta alone, at once.</param>
/// <param name="PerAudienceEdge">
/// A variant the host does not have (yet): the leading edge per audience instead of for all audiences together.
/// An audience that sent nothing during the last tick sends at once; otherwise its deltas wait for the tick.
/// Still at most one message per audience per tick.
/// </param>
public sealed record FloorOptions(int TickMilliseconds, bool PerAudienceEdge);

public static class FloorAuth
{
    public const string TokenPrefix = "floor.";

    /// <summary>The account a request's bearer token (header, or the query string on /hubs) names.</summary>
    public static Accounts.Account? Caller(HttpContext context)
    {
        string? token = null;
        if (context.Request.Headers.Authorization is [{ } header, ..] && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header["Bearer ".Length..];
        }
        else if (context.Request.Query["access_token"] is [{ } query, ..])
        {
            token = query;
        }

        return token is not null && token.StartsWith(TokenPrefix, StringComparison.Ordinal) ? Accounts.Find(token[TokenPrefix.Length..]) : null;
    }
}

public sealed class FloorHub : Hub
{
    private const string AudiencesKey = "audiences";

    public override async Task OnConnectedAsync()
    {
        if (Context.GetHttpContext() is not { } http || FloorAuth.Caller(http) is not { } account)
        {
            Context.Abort();
            return;
        }

        // As on the host, an on-call worker also follows their own assignments.
        IReadOnlyList<string> audiences = FloorConcerns.WorkerAudience(account) is { } own ? [.. account.Audiences, own] : account.Audiences;
        Context.Items[AudiencesKey] = audiences;
        foreach (var audience in audiences)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, FloorFeed.GroupName(audience));
        }

        await base.OnConnectedAsync();
    }

    public IReadOnlyList<string> GetAudiences() => (IReadOnlyList<string>)Context.Items[AudiencesKey]!;
}

// The shapes the host sends: a coordinators' delta carries the whole concern summary (every property of the host's,
// null ones written out) and a detail, an organisation's a report status, a worker's the concern and whether it was
// taken away.

public sealed record FloorSummary(
    Guid Id, string Reference, string Status, string Urgency, string PlaceKind, string Area, string ReportedByOrganisation,
    DateTimeOffset ObservedAt, DateTimeOffset ReportedAt, DateTimeOffset UpdatedAt, int IndicatorCount)
{
    public bool IsOpen => true;

    public long Revision { get; init; }

    public string? AssignedTo { get; init; }

    public DateTimeOffset? AcceptBy { get; init; }

    public string? DueStage { get; init; }

    public DateTimeOffset? DueAt { get; init; }

    public string Breached => "None";

    public string? LastAssignmentFailure { get; init; }

    public DateTimeOffset? TriagedAt { get; init; }

    public DateTimeOffset? FirstAssignedAt { get; init; }

    public DateTimeOffset? FirstAcceptedAt { get; init; }

    public DateTimeOffset? FirstContactAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public bool IsWithWorker => AssignedTo is not null;
}

public sealed record FloorActivity(FloorSummary Concern, string? Detail);

public sealed record FloorAssignment(FloorSummary Concern, bool Revoked);

public sealed record FloorReportStatus(
    Guid Id, string Reference, string PlaceKind, string Area, DateTimeOffset ReportedAt, string Status, DateTimeOffset UpdatedAt);

public sealed record FloorDelta(long Sequence, string Type, DateTimeOffset At, object Data);

public sealed record FloorDeltas(string Audience, IReadOnlyList<FloorDelta> Deltas);

/// <summary>The concerns, in memory only.</summary>
public sealed class FloorConcerns(FloorFeed feed)
{
    private static readonly Accounts.Account[] Workers = [Accounts.Jour1, Accounts.Jour2];

    private readonly ConcurrentDictionary<Guid, FloorSummary> _concerns = new();
    private int _assignments;

    /// <summary>The audience of an on-call worker's own assignments (the host's worker/{user id}), or null.</summary>
    public static string? WorkerAudience(Accounts.Account account) =>
        Array.IndexOf(Workers, account) >= 0 ? "worker/" + account.Email : null;

    public FloorReportStatus Report(Accounts.Account caller, ReportRequest request)
    {
        var now = DateTimeOffset.UtcNow;
        var id = Guid.NewGuid();
        var summary = new FloorSummary(
            id, $"HEL-{id.ToString("N")[..8].ToUpperInvariant()}", "Reported", request.Urgency, request.PlaceKind, request.Area,
            caller.Organisation, request.ObservedAt, now, now, request.Indicators.Count)
        {
            Revision = 1,
            DueStage = "Triage",
            DueAt = now.AddHours(4),
        };
        _concerns[id] = summary;
        var status = StatusOf(summary, "Received");
        feed.Publish(
            (Accounts.CoordinatorsAudience, "concern.reported", new FloorActivity(summary, null)),
            (Accounts.OrganisationAudience(caller.Organisation), "report.status", status));
        return status;
    }

    public IResult Triage(Guid id)
    {
        while (true)
        {
            if (!_concerns.TryGetValue(id, out var before))
            {
                return Results.NotFound();
            }

            if (before.Status != "Reported")
            {
                return Results.Conflict();
            }

            // As the host: the triage and its automatic assignment to the next worker, one delta each for the coordinators,
            // the reporter's status, and the assignment for the worker.
            var now = DateTimeOffset.UtcNow;
            var triaged = before with
            {
                Status = "Triaged", UpdatedAt = now, Revision = before.Revision + 1, TriagedAt = now, DueStage = "Assignment", DueAt = now.AddHours(1),
            };
            var worker = Workers[(int)((uint)Interlocked.Increment(ref _assignments) % Workers.Length)];
            var assigned = triaged with
            {
                Status = "Assigned", Revision = triaged.Revision + 1, AssignedTo = worker.Email, AcceptBy = now.AddMinutes(15),
                FirstAssignedAt = now, DueStage = "FirstContact", DueAt = now.AddHours(24),
            };
            if (_concerns.TryUpdate(id, assigned, before))
            {
                feed.Publish(
                    (Accounts.CoordinatorsAudience, "concern.triaged", new FloorActivity(triaged, null)),
                    (Accounts.CoordinatorsAudience, "concern.assigned", new FloorActivity(assigned, worker.Email)),
                    (Accounts.OrganisationAudience(assigned.ReportedByOrganisation), "report.status", StatusOf(assigned, "BeingHandled")),
                    (WorkerAudience(worker)!, "assignment.assigned", new FloorAssignment(assigned, false)));
                return Results.Json(assigned);
            }
        }
    }

    private static FloorReportStatus StatusOf(FloorSummary summary, string status) =>
        new(summary.Id, summary.Reference, summary.PlaceKind, summary.Area, summary.ReportedAt, status, summary.UpdatedAt);
}

/// <summary>
/// One sequence per audience, one dispatcher loop. Tick 0: every delta goes out at once, alone. Otherwise the
/// host's rule: the first change after a quiet tick goes out at once, then at most one message per audience
/// per tick while changes keep coming.
/// </summary>
public sealed class FloorFeed(IHubContext<FloorHub> hub, FloorOptions options, ILogger<FloorFeed> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _sequences = [];
    private readonly Channel<(string Audience, FloorDelta Delta)> _channel =
        Channel.CreateUnbounded<(string, FloorDelta)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, List<FloorDelta>> _pending = [];

    public static string GroupName(string audience) => $"{Accounts.Tenant}|{audience}";

    public void Publish(params ReadOnlySpan<(string Audience, string Type, object Data)> deltas)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            // Sequence and queue order are taken together, so that each audience's deltas leave in order.
            foreach (var (audience, type, data) in deltas)
            {
                var sequence = _sequences[audience] = _sequences.GetValueOrDefault(audience) + 1;
                _channel.Writer.TryWrite((audience, new FloorDelta(sequence, type, now, data)));
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _channel.Reader;
        if (options.TickMilliseconds <= 0)
        {
            await foreach (var (audience, delta) in reader.ReadAllAsync(stoppingToken))
            {
                await SendAsync(audience, [delta]);
            }

            return;
        }

        var tick = TimeSpan.FromMilliseconds(options.TickMilliseconds);
        if (options.PerAudienceEdge)
        {
            await RunPerAudienceEdgeAsync(reader, tick, stoppingToken);
            return;
        }

        while (await reader.WaitToReadAsync(stoppingToken))
        {
            Drain(reader);
            await FlushAsync();

            using var timer = new PeriodicTimer(tick);
            while (await timer.WaitForNextTickAsync(stoppingToken) && Drain(reader))
            {
                await FlushAsync();
            }
        }
    }

    private async Task RunPerAudienceEdgeAsync(ChannelReader<(string Audience, FloorDelta Delta)> reader, TimeSpan tick, CancellationToken stoppingToken)
    {
        var tickTicks = (long)(tick.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var lastSent = new Dictionary<string, long>();
        Task<bool>? arrival = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            Drain(reader);
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            long? nextDue = null;
            foreach (var (audience, deltas) in _pending)
            {
                if (deltas.Count == 0)
                {
                    continue;
                }

                var due = lastSent.TryGetValue(audience, out var last) ? last + tickTicks : now;
                if (due <= now)
                {
                    lastSent[audience] = now;
                    var message = deltas.ToArray();
                    deltas.Clear();
                    await SendAsync(audience, message);
                }
                else
                {
                    nextDue = Math.Min(nextDue ?? long.MaxValue, due);
                }
            }

            // Sleep until a delta arrives or the earliest waiting audience is due.
            arrival ??= reader.WaitToReadAsync(stoppingToken).AsTask();
            if (nextDue is { } next)
            {
                var wait = TimeSpan.FromSeconds(Math.Max(0, next - System.Diagnostics.Stopwatch.GetTimestamp()) / (double)System.Diagnostics.Stopwatch.Frequency);
                await Task.WhenAny(arrival, Task.Delay(wait, stoppingToken));
            }
            else
            {
                await arrival;
            }

            if (arrival.IsCompleted)
            {
                if (!await arrival)
                {
                    return;
                }

                arrival = null;
            }
        }
    }

    private bool Drain(ChannelReader<(string Audience, FloorDelta Delta)> reader)
    {
        var any = false;
        while (reader.TryRead(out var item))
        {
            any = true;
            if (!_pending.TryGetValue(item.Audience, out var list))
            {
                _pending[item.Audience] = list = [];
            }

            list.Add(item.Delta);
        }

        return any;
    }

    private async Task FlushAsync()
    {
        foreach (var (audience, deltas) in _pending)
        {
            if (deltas.Count == 0)
            {
                continue;
            }

            var message = deltas.ToArray();
            deltas.Clear();
            await SendAsync(audience, message);
        }
    }

    private async Task SendAsync(string audience, IReadOnlyList<FloorDelta> deltas)
    {
        try
        {
            await hub.Clients.Group(GroupName(audience)).SendAsync("Deltas", new FloorDeltas(audience, deltas));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not send deltas to a group");
        }
    }
}
