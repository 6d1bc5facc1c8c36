using System.Text.Json;
using Coordination.Grains.Alerts;
using Coordination.Grains.Alerts.Events;
using Coordination.Grains.Board;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.OnCall;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Coordination.Dashboard.Services;

/// <summary>The coordinators' operational picture, kept current by the coordinators' deltas.</summary>
public sealed class LiveBoard(IGrainFactory grains, ILiveFeed feed, UserContext user, TimeProvider time, ILogger<LiveBoard> logger)
    : LiveModel(feed, user)
{
    public const int ActivityShown = 30;

    /// <summary>The alert figures are read again at most this often while acknowledgements come in.</summary>
    public static readonly TimeSpan FiguresInterval = TimeSpan.FromSeconds(2);

    private readonly Dictionary<Guid, ConcernSummary> _open = [];
    private readonly Dictionary<Guid, AlertView> _alerts = [];
    private readonly LinkedList<ActivityItem> _activity = new();
    private readonly CancellationTokenSource _disposed = new();
    private Task _figuresRead = Task.CompletedTask;
    private bool _figuresStale;
    private Caller? _caller;

    public IReadOnlyCollection<ConcernSummary> OpenConcerns => _open.Values;

    /// <summary>Open alerts with every organisation's progress, newest first.</summary>
    public IReadOnlyList<AlertView> OpenAlerts => [.. _alerts.Values.OrderByDescending(a => a.SentAt)];

    public IEnumerable<ActivityItem> Activity => _activity;

    public IReadOnlyList<PartnerKindFigures> Partners { get; private set; } = [];

    /// <summary>Roster and availability; who is on shift follows from the roster and the time.</summary>
    public OnCallView OnCall { get; private set; } = new(0, Roster.Empty, []);

    /// <summary>The workers the roster puts on shift at <paramref name="at"/> (in any layer).</summary>
    public IReadOnlySet<string> OnShiftAt(DateTimeOffset at) =>
        RosterPolicy.OnShiftAt(OnCall.Roster, at).Select(s => s.WorkerId).ToHashSet(StringComparer.Ordinal);

    /// <summary>Open concerns with each worker (offered or accepted): their load.</summary>
    public int LoadOf(string workerId) => _open.Values.Count(c => c.IsWithWorker && c.AssignedTo == workerId);

    public string WorkerName(string? workerId) =>
        workerId is null ? "" : OnCall.Workers.FirstOrDefault(w => w.WorkerId == workerId)?.DisplayName ?? workerId;

    /// <summary>Open alerts and the mean time to acknowledge; null until first read.</summary>
    public AlertFigures? AlertFigures { get; private set; }

    /// <summary>Raised on the circuit's dispatcher when <see cref="AlertFigures"/> was read again.</summary>
    public event Func<Task>? AlertFiguresChanged;

    /// <summary>The concern a delta was last applied to, so pages showing it can refresh.</summary>
    public event Action<ConcernSummary>? ConcernChanged;

    /// <summary>An alert delta (alert.*) for pages that follow alerts' progress.</summary>
    public event Action<AlertView>? AlertChanged;

    protected override string Audience(Caller caller) => Audiences.Coordinators;

    protected override async Task<long> LoadSnapshotAsync(Caller caller)
    {
        _caller = caller;
        var snapshot = await grains.GetGrain<IBoardGrain>(caller.Tenant).GetSnapshot(caller);
        _open.Clear();
        foreach (var concern in snapshot.OpenConcerns)
        {
            _open[concern.Id] = concern;
        }

        _activity.Clear();
        foreach (var entry in snapshot.RecentActivity.Where(BoardGrain.IsConcernActivity).OrderByDescending(e => e.Sequence))
        {
            var activity = JsonSerializer.Deserialize<ConcernActivity>(entry.DataJson, StoreJson.Options);
            if (activity is not null)
            {
                _activity.AddLast(new ActivityItem(entry.Sequence, entry.Type, entry.At, activity.Concern, activity.Detail));
            }
        }

        Partners = snapshot.Partners;
        OnCall = snapshot.OnCall;
        _alerts.Clear();
        foreach (var alert in snapshot.OpenAlerts)
        {
            _alerts[alert.Id] = alert;
        }

        // A new snapshot may follow acknowledgements this circuit never saw as deltas.
        ReadFiguresSoon();
        return snapshot.Sequence;
    }

    protected override void Apply(LiveDelta delta)
    {
        if (delta.Type.StartsWith("alert.", StringComparison.Ordinal))
        {
            if (delta.Data.Deserialize<AlertView>(StoreJson.Options) is { } alert)
            {
                if (alert.Status == AlertStatus.Open)
                {
                    _alerts[alert.Id] = alert;
                }
                else
                {
                    _alerts.Remove(alert.Id);
                }

                AlertChanged?.Invoke(alert);
                if (delta.Type == AlertAcknowledged.TypeName)
                {
                    ReadFiguresSoon();
                }
            }

            return;
        }

        if (delta.Type.StartsWith("oncall.", StringComparison.Ordinal))
        {
            if (delta.Data.Deserialize<OnCallView>(StoreJson.Options) is { } onCall && onCall.Revision >= OnCall.Revision)
            {
                OnCall = onCall;
            }

            return;
        }

        if (!delta.Type.StartsWith("concern.", StringComparison.Ordinal))
        {
            return;
        }

        var activity = delta.Data.Deserialize<ConcernActivity>(StoreJson.Options);
        if (activity is null)
        {
            return;
        }

        if (activity.Concern.IsOpen)
        {
            _open[activity.Concern.Id] = activity.Concern;
        }
        else
        {
            _open.Remove(activity.Concern.Id);
        }

        _activity.AddFirst(new ActivityItem(delta.Sequence, delta.Type, delta.At, activity.Concern, activity.Detail));
        while (_activity.Count > ActivityShown)
        {
            _activity.RemoveLast();
        }

        ConcernChanged?.Invoke(activity.Concern);
    }

    /// <summary>
    /// Reads the figures at once, unless they were read less than <see cref="FiguresInterval"/> ago: then once more
    /// at the end of that interval, however many acknowledgements came in meanwhile.
    /// </summary>
    private void ReadFiguresSoon()
    {
        _figuresStale = true;
        if (_figuresRead.IsCompleted)
        {
            _figuresRead = ReadFiguresAsync(_caller!);
        }
    }

    /// <remarks>Runs on the circuit's dispatcher, like the deltas that start it.</remarks>
    private async Task ReadFiguresAsync(Caller caller)
    {
        try
        {
            while (_figuresStale)
            {
                _figuresStale = false;
                AlertFigures = await grains.GetGrain<IBoardGrain>(caller.Tenant).GetAlertFigures(caller);
                if (AlertFiguresChanged is { } changed)
                {
                    await changed();
                }

                await Task.Delay(FiguresInterval, time, _disposed.Token);
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // The figures stay as they were; the next acknowledgement tries again.
            logger.LogWarning(exception, "Reading the alert figures failed");
        }
    }

    protected override void OnDisposed() => _disposed.Cancel();
}

public sealed record ActivityItem(long Sequence, string Type, DateTimeOffset At, ConcernSummary Concern, string? Detail);
