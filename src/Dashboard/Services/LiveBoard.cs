using System.Text.Json;
using Coordination.Grains.Alerts;
using Coordination.Grains.Board;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.OnCall;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;

namespace Coordination.Dashboard.Services;

/// <summary>The coordinators' operational picture, kept current by the coordinators' deltas.</summary>
public sealed class LiveBoard(IGrainFactory grains, ILiveFeed feed, UserContext user) : LiveModel(feed, user)
{
    public const int ActivityShown = 30;

    private readonly Dictionary<Guid, ConcernSummary> _open = [];
    private readonly Dictionary<Guid, AlertView> _alerts = [];
    private readonly LinkedList<ActivityItem> _activity = new();

    public IReadOnlyCollection<ConcernSummary> OpenConcerns => _open.Values;

    /// <summary>Open alerts with every organisation's progress, newest first.</summary>
    public IReadOnlyList<AlertView> OpenAlerts => [.. _alerts.Values.OrderByDescending(a => a.SentAt)];

    public IEnumerable<ActivityItem> Activity => _activity;

    public IReadOnlyList<PartnerKindFigures> Partners { get; private set; } = [];

    /// <summary>Roster and availability; who is on shift follows from the roster and the time.</summary>
    public OnCallView OnCall { get; private set; } = new(0, Roster.Empty, []);

    /// <summary>Open concerns with each worker (offered or accepted): their load.</summary>
    public int LoadOf(string workerId) => _open.Values.Count(c => c.IsWithWorker && c.AssignedTo == workerId);

    public string WorkerName(string? workerId) =>
        workerId is null ? "" : OnCall.Workers.FirstOrDefault(w => w.WorkerId == workerId)?.DisplayName ?? workerId;

    /// <summary>The concern a delta was last applied to, so pages showing it can refresh.</summary>
    public event Action<ConcernSummary>? ConcernChanged;

    /// <summary>An alert delta (alert.*) for pages that follow alerts' progress.</summary>
    public event Action<AlertView>? AlertChanged;

    protected override string Audience(Caller caller) => Audiences.Coordinators;

    protected override async Task<long> LoadSnapshotAsync(Caller caller)
    {
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
}

public sealed record ActivityItem(long Sequence, string Type, DateTimeOffset At, ConcernSummary Concern, string? Detail);
