using System.Text.Json;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.OnCall;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;

namespace Coordination.Dashboard.Services;

/// <summary>
/// The signed-in worker's own concerns and availability, kept current by their deltas: a new assignment arrives
/// live, and one taken from them leaves their screens at once.
/// </summary>
public sealed class LiveAssignments(IGrainFactory grains, ILiveFeed feed, UserContext user) : LiveModel(feed, user)
{
    private readonly Dictionary<Guid, ConcernSummary> _concerns = [];
    private readonly HashSet<Guid> _revoked = [];
    private string _me = "";

    public IEnumerable<ConcernSummary> Concerns => _concerns.Values
        .OrderByDescending(c => c.Status == ConcernStatus.Assigned).ThenByDescending(c => c.Urgency).ThenBy(c => c.AcceptBy ?? c.UpdatedAt);

    public WorkerAvailability Availability { get; private set; } = WorkerAvailability.Available;

    /// <summary>The roster as last changed while this circuit followed the feed (null until it changes).</summary>
    public OnCallView? OnCall { get; private set; }

    /// <summary>Waiting for this worker's answer.</summary>
    public int AwaitingAnswer => _concerns.Values.Count(c => c.Status == ConcernStatus.Assigned);

    /// <summary>Whether a concern was taken from this worker while this circuit was open.</summary>
    public bool WasRevoked(Guid id) => _revoked.Contains(id);

    public ConcernSummary? Find(Guid id) => _concerns.GetValueOrDefault(id);

    /// <summary>A concern newly offered to this worker (not those in the first snapshot).</summary>
    public event Action<ConcernSummary>? Arrived;

    /// <summary>A concern that is no longer this worker's.</summary>
    public event Action<ConcernSummary>? Revoked;

    protected override string Audience(Caller caller) => Audiences.Worker(caller.UserId);

    protected override async Task<long> LoadSnapshotAsync(Caller caller)
    {
        _me = caller.UserId;
        var snapshot = await grains.GetGrain<IOnCallGrain>(caller.Tenant).GetAssignments(caller);
        _concerns.Clear();
        foreach (var concern in snapshot.Concerns)
        {
            _concerns[concern.Id] = concern;
            _revoked.Remove(concern.Id);
        }

        Availability = snapshot.Availability;
        return snapshot.Sequence;
    }

    protected override void Apply(LiveDelta delta)
    {
        if (delta.Type.StartsWith("oncall.", StringComparison.Ordinal))
        {
            var view = delta.Data.Deserialize<OnCallView>(StoreJson.Options);
            OnCall = view;
            if (view?.Workers.FirstOrDefault(w => w.WorkerId == _me) is { } mine)
            {
                Availability = mine.Availability;
            }

            return;
        }

        if (!delta.Type.StartsWith("assignment.", StringComparison.Ordinal)
            || delta.Data.Deserialize<WorkerAssignment>(StoreJson.Options) is not { } assignment)
        {
            return;
        }

        var concern = assignment.Concern;
        if (assignment.Revoked || !concern.IsWithWorker)
        {
            if (_concerns.Remove(concern.Id) && assignment.Revoked)
            {
                _revoked.Add(concern.Id);
                Revoked?.Invoke(concern);
            }

            return;
        }

        var isNew = _concerns.TryAdd(concern.Id, concern);
        _concerns[concern.Id] = concern;
        _revoked.Remove(concern.Id);
        if (isNew && concern.Status == ConcernStatus.Assigned)
        {
            Arrived?.Invoke(concern);
        }
    }
}
