using System.Text.Json;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.OnCall.Events;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Coordination.Grains.OnCall;

/// <summary>
/// One per tenant. Event-sourced on the "oncall" stream like concerns and alerts, so roster and availability
/// changes reach the board and the workers as ordered deltas. Load is not kept here: it is read from the
/// concern read model, which the concern grains write in the same transaction as their assignment events.
/// </summary>
public sealed class OnCallGrain(
    IEventStore store,
    IWorkerDirectory workers,
    TimeProvider time,
    ILogger<OnCallGrain> logger) : Grain, IOnCallGrain
{
    public const string Stream = "oncall";

    private OnCallState _state = new();

    private string Tenant => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<OnCallView> GetView(Caller caller)
    {
        EnsureStaff(caller);
        return await ViewAsync(_state);
    }

    public async Task<OnCallView> SaveRoster(Caller caller, Roster roster, long expectedRevision)
    {
        caller.EnsureCoordinator(Tenant);
        if (expectedRevision != _state.Revision)
        {
            throw new ConflictException("The roster was changed by someone else meanwhile; look at its new state and try again.");
        }

        RosterPolicy.Validate(roster);
        var known = (await workers.ListAsync(Tenant)).Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        EnsureWorkers(known, roster);
        var before = _state.Roster;
        await CommitAsync(caller, new RosterChanged(roster),
            [.. before.Layers.SelectMany(l => l.Workers).Concat(roster.Layers.SelectMany(l => l.Workers))
                .Concat(roster.Overrides.Select(o => o.WorkerId)).Distinct(StringComparer.Ordinal)]);
        return await ViewAsync(_state);
    }

    public async Task<OnCallView> SetAvailability(Caller caller, string workerId, WorkerAvailability availability)
    {
        caller.EnsureTenant(Tenant);
        if (!caller.IsCoordinator && !(caller.Is(CallerRoles.SocialWorker) && caller.UserId == workerId))
        {
            throw new AccessDeniedException("Workers set their own availability; coordinators anyone's.");
        }

        if (!Enum.IsDefined(availability))
        {
            throw new ValidationException("availability", "Unknown availability.");
        }

        if (!await IsKnownWorkerAsync(workerId))
        {
            throw new ValidationException("workerId", "Not an on-call social worker in this tenant.");
        }

        if (_state.AvailabilityOf(workerId) != availability)
        {
            await CommitAsync(caller, new AvailabilityChanged(workerId, availability), [workerId]);
        }

        return await ViewAsync(_state);
    }

    public async Task<WorkerPick> PickWorker(Caller caller, IReadOnlyList<string> excluded)
    {
        caller.EnsureCoordinator(Tenant);
        var now = time.GetUtcNow();
        var onShift = RosterPolicy.OnShiftAt(_state.Roster, now).Select(s => s.WorkerId).ToHashSet(StringComparer.Ordinal);
        var load = await store.CountOpenAssignmentsAsync(Tenant);
        var candidates = onShift.Select(id => new WorkerCandidate(
            id, true, _state.AvailabilityOf(id), load.GetValueOrDefault(id), _state.LastAssignedAt.TryGetValue(id, out var last) ? last : null)).ToList();
        var picked = AssignmentPolicy.Pick(candidates, excluded.ToHashSet(StringComparer.Ordinal));
        return new WorkerPick(picked, candidates.Count(c => c.Availability == WorkerAvailability.Available));
    }

    public async Task NoteAssigned(Caller caller, string workerId)
    {
        caller.EnsureCoordinator(Tenant);
        await CommitAsync(caller, new WorkerAssigned(workerId), []);
    }

    public async Task<WorkerAssignments> GetAssignments(Caller caller)
    {
        caller.EnsureTenant(Tenant);
        if (!caller.Is(CallerRoles.SocialWorker))
        {
            throw new AccessDeniedException("Only on-call social workers have assignments.");
        }

        // The head first: a concern assigned after it is in the list too, and its delta is then applied again harmlessly.
        var sequence = await store.ReadFeedHeadAsync(Tenant, Audiences.Worker(caller.UserId));
        var open = await store.ListOpenAssignmentsAsync(Tenant, caller.UserId);
        return new WorkerAssignments(
            sequence,
            [.. open.OrderByDescending(c => c.Urgency).ThenBy(c => c.AcceptBy)],
            _state.AvailabilityOf(caller.UserId));
    }

    public async Task<bool> IsWorker(Caller caller, string workerId)
    {
        caller.EnsureTenant(Tenant);
        return await IsKnownWorkerAsync(workerId);
    }

    private void EnsureStaff(Caller caller)
    {
        caller.EnsureTenant(Tenant);
        if (!caller.IsCoordinator && !caller.Is(CallerRoles.SocialWorker))
        {
            throw new AccessDeniedException("Only coordinators and on-call workers see the roster.");
        }
    }

    private static void EnsureWorkers(HashSet<string> known, Roster roster)
    {
        for (var i = 0; i < roster.Layers.Count; i++)
        {
            if (roster.Layers[i].Workers.FirstOrDefault(w => !known.Contains(w)) is { } unknown)
            {
                throw new ValidationException($"layers[{i}].workers", $"'{unknown}' is not an on-call social worker in this tenant.");
            }
        }

        for (var i = 0; i < roster.Overrides.Count; i++)
        {
            if (!known.Contains(roster.Overrides[i].WorkerId))
            {
                throw new ValidationException($"overrides[{i}].workerId", "Not an on-call social worker in this tenant.");
            }
        }

        for (var i = 0; i < roster.Swaps.Count; i++)
        {
            if (!known.Contains(roster.Swaps[i].WorkerA) || !known.Contains(roster.Swaps[i].WorkerB))
            {
                throw new ValidationException($"swaps[{i}]", "Both workers must be on-call social workers in this tenant.");
            }
        }
    }

    private async Task<bool> IsKnownWorkerAsync(string workerId) =>
        (await workers.ListAsync(Tenant)).Any(w => w.Id == workerId);

    private async Task<OnCallView> ViewAsync(OnCallState state) => state.ToView(await workers.ListAsync(Tenant));

    private async Task LoadAsync(CancellationToken cancellationToken) => _state = await ReadStateAsync(store, Tenant, cancellationToken);

    /// <summary>The stored state; the board reads it this way too, since it must never call this grain (which calls it).</summary>
    public static async Task<OnCallState> ReadStateAsync(IEventStore store, string tenant, CancellationToken cancellationToken)
    {
        var snapshot = await store.ReadSnapshotAsync(tenant, Stream, cancellationToken);
        return snapshot is null ? new OnCallState() : JsonSerializer.Deserialize<OnCallState>(snapshot.Json, StoreJson.Options)!;
    }

    /// <param name="workersToTell">The workers whose own feed gets the new picture (their shifts or availability changed).</param>
    private async Task CommitAsync(Caller caller, OnCallEvent change, IReadOnlyList<string> workersToTell)
    {
        var now = time.GetUtcNow();
        var next = _state.Clone();
        next.Apply(change, now);

        var feed = new List<FeedDraft>();
        if (change is not WorkerAssigned)
        {
            var json = JsonSerializer.Serialize(await ViewAsync(next), StoreJson.Options);
            feed.Add(new FeedDraft(Audiences.Coordinators, change.Type, now, json));
            feed.AddRange(workersToTell.Select(w => new FeedDraft(Audiences.Worker(w), change.Type, now, json)));
        }

        IReadOnlyList<FeedEntry> committed;
        try
        {
            committed = await store.AppendAsync(new AppendRequest(
                Tenant, Stream, _state.Version,
                [new NewEvent(change.Type, caller.UserId, now, JsonSerializer.Serialize(change, StoreJson.Options))],
                JsonSerializer.Serialize(next, StoreJson.Options),
                ConcernIndex: null,
                feed));
        }
        catch (ConcurrencyException)
        {
            await LoadAsync(CancellationToken.None);
            throw new ConflictException("The roster was changed by someone else meanwhile; look at its new state and try again.");
        }

        _state = next;
        await CommittedDeltas.PublishAsync(GrainFactory, Tenant, committed, logger);
    }
}
