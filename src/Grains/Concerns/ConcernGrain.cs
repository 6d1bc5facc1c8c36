using System.Text.Json;
using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns.Events;
using Coordination.Grains.Live;
using Coordination.Grains.OnCall;
using Coordination.Grains.Partners;
using Coordination.Grains.Scheduling;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Concerns;

/// <summary>
/// Event-sourced: each change appends its events, the new snapshot, the read model row, the audience deltas and
/// the running stage deadline in one transaction (<see cref="IEventStore.AppendAsync"/>) before the caller hears
/// of success.
/// </summary>
public sealed class ConcernGrain(
    IEventStore store,
    IOrganisationDirectory directory,
    IWorkerDirectory workers,
    TimeProvider time,
    IOptions<ConcernDeadlineOptions> deadlines,
    ILogger<ConcernGrain> logger) : Grain, IConcernGrain
{
    public const int NoteMaxLength = 2000;
    public const int ReasonMaxLength = 500;

    private string _tenant = "";
    private Guid _id;
    private ConcernState _state = new();
    private bool _mergingAway;
    private bool _committing;

    private string Stream => $"concern/{_id:N}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (tenant, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
        _tenant = tenant;
        _id = Guid.Parse(id);
        await LoadAsync(cancellationToken);
    }

    public async Task<ReportStatus> Report(Caller caller, ReportConcern report)
    {
        caller.EnsureTenant(_tenant);
        if (!caller.MayReport)
        {
            throw new AccessDeniedException("Only members of a partner organisation may report.");
        }

        if (_state.Exists)
        {
            throw new ConflictException("A concern with this id already exists.");
        }

        var organisation = await directory.FindAsync(_tenant, caller.OrganisationId)
            ?? throw new AccessDeniedException("The caller's organisation is not a partner in this tenant.");
        var areas = await directory.GetAreasAsync(_tenant);
        ConcernRules.Validate(report, Indicators.For(organisation.Kind), areas, time.GetUtcNow());

        _state.Id = _id;
        _state.Reference = $"{_tenant[..Math.Min(3, _tenant.Length)].ToUpperInvariant()}-{_id.ToString("N")[..8].ToUpperInvariant()}";
        var freeText = string.IsNullOrWhiteSpace(report.FreeText) ? null : report.FreeText.Trim();
        await CommitAsync(caller, new ConcernReported(
            caller.OrganisationId, report.PlaceKind, report.Area, report.ObservedAt.ToUniversalTime(),
            [.. report.Indicators], freeText, report.Urgency));
        try
        {
            await GrainFactory.GetGrain<IPartnerGrain>(GrainKeys.For(_tenant, caller.OrganisationId)).RecordReport(caller);
        }
        catch (Exception exception)
        {
            // The report is stored; only the partner's "last activity" figure lags.
            logger.LogWarning(exception, "Could not record a partner's activity");
        }

        return ReportStatus.From(_state.ToSummary());
    }

    public Task<ReportStatus> GetStatus(Caller caller)
    {
        caller.EnsureTenant(_tenant);
        EnsureExists();
        if (!caller.IsCoordinator && caller.OrganisationId != _state.ReportedByOrganisation)
        {
            // Partners learn nothing about other organisations' reports, not even that they exist.
            throw new NotFoundException("No such concern.");
        }

        return Task.FromResult(ReportStatus.From(_state.ToSummary()));
    }

    public async Task<ConcernDetails> GetDetails(Caller caller)
    {
        caller.EnsureTenant(_tenant);
        EnsureExists();
        if (!ConcernRules.MayReadDetails(_state, caller))
        {
            throw new AccessDeniedException(caller.Is(CallerRoles.SocialWorker)
                ? "The concern is not assigned to you."
                : "Only coordinators and the assigned worker read a concern's details.");
        }

        await CommitAsync(caller, new DetailsViewed());
        var history = await store.ReadStreamAsync(_tenant, Stream);
        return new ConcernDetails(
            _state.ToSummary(), [.. _state.Indicators], _state.FreeText, _state.Outcome, _state.MergedInto,
            [.. _state.Duplicates], [.. history.Select(ToTimelineEntry)]);
    }

    public async Task<ConcernSummary> ConfirmUrgency(Caller caller, Urgency urgency)
    {
        caller.EnsureCoordinator(_tenant);
        EnsureExists();
        if (!Enum.IsDefined(urgency))
        {
            throw new ValidationException("urgency", "Unknown urgency.");
        }

        ConcernRules.EnsureOpen(_state);
        await CommitAsync(caller, new UrgencyConfirmed(urgency));
        return _state.ToSummary();
    }

    public async Task<ConcernSummary> MarkTriaged(Caller caller)
    {
        caller.EnsureCoordinator(_tenant);
        EnsureExists();
        ConcernRules.EnsureCanTriage(_state);
        IReadOnlyList<ConcernEvent> assignment = [];
        if (deadlines.Value.AssignOnTriage)
        {
            try
            {
                assignment = await AutoAssignAsync([]);
            }
            catch (Exception exception)
            {
                // The triage is stored without it; the assignment deadline runs, and its breach alerts the coordinators.
                logger.LogWarning(exception, "Automatic assignment after triage failed");
            }
        }

        // The triage and the system's assignment in one transaction (one write instead of two).
        await CommitAsync([(caller, new ConcernTriaged()), .. assignment.Select(change => (System, change))]);
        return _state.ToSummary();
    }

    public async Task<ConcernSummary> Assign(Caller caller, string? workerId, long? expectedRevision)
    {
        caller.EnsureCoordinator(_tenant);
        EnsureExists();
        ConcernRules.EnsureCanAssign(_state);
        ConcernRules.EnsureRevision(_state, expectedRevision);
        if (workerId is null)
        {
            var pick = await OnCall.PickWorker(System, [.. _state.PassedBy, .. _state.AssignedTo is { } current ? [current] : Array.Empty<string>()]);
            workerId = pick.WorkerId ?? throw new ConflictException("No available worker on shift to assign; choose a worker.");
        }
        else if (!(await workers.ListAsync(_tenant)).Any(w => w.Id == workerId))
        {
            throw new ValidationException("workerId", "Not an on-call social worker in this tenant.");
        }

        if (workerId == _state.AssignedTo)
        {
            throw new ConflictException("The concern is already assigned to this worker.");
        }

        await CommitAsync(caller, [AssignTo(workerId, automatic: false)]);
        return _state.ToSummary();
    }

    public async Task<ConcernSummary> Accept(Caller caller, long? expectedRevision)
    {
        caller.EnsureTenant(_tenant);
        EnsureExists();
        ConcernRules.EnsureOfferedTo(_state, caller);
        ConcernRules.EnsureRevision(_state, expectedRevision);
        await CommitAsync(caller, new AssignmentAccepted(caller.UserId));
        return _state.ToSummary();
    }

    public async Task<ConcernSummary> Decline(Caller caller, string reason, long? expectedRevision)
    {
        caller.EnsureTenant(_tenant);
        EnsureExists();
        ConcernRules.EnsureOfferedTo(_state, caller);
        var cleaned = ConcernRules.CleanText("reason", reason, ReasonMaxLength, required: true)!;
        ConcernRules.EnsureRevision(_state, expectedRevision);
        await CommitAsync(caller, [new AssignmentDeclined(caller.UserId, cleaned), .. await AutoAssignAsync([caller.UserId])]);
        return _state.ToSummary();
    }

    public async Task<ConcernSummary> RecordContact(Caller caller, bool reached, string? note)
    {
        EnsureMayHandle(caller);
        await CommitAsync(caller, new ContactAttempted(reached, ConcernRules.CleanText("note", note, NoteMaxLength)));
        return _state.ToSummary();
    }

    public async Task<ConcernSummary> OfferSupport(Caller caller, SupportProvider provider, string? note)
    {
        EnsureMayHandle(caller);
        if (!Enum.IsDefined(provider))
        {
            throw new ValidationException("provider", "Unknown kind of support.");
        }

        await CommitAsync(caller, new SupportOffered(provider, ConcernRules.CleanText("note", note, NoteMaxLength)));
        return _state.ToSummary();
    }

    public async Task<ConcernSummary> Refer(Caller caller, ReferralTarget target, string? note)
    {
        EnsureMayHandle(caller);
        if (!Enum.IsDefined(target))
        {
            throw new ValidationException("target", "Unknown referral target.");
        }

        await CommitAsync(caller, new ConcernReferred(target, ConcernRules.CleanText("note", note, NoteMaxLength)));
        return _state.ToSummary();
    }

    public async Task<ConcernSummary> AddNote(Caller caller, string text)
    {
        EnsureMayHandle(caller);
        await CommitAsync(caller, new NoteAdded(ConcernRules.CleanText("text", text, NoteMaxLength, required: true)!));
        return _state.ToSummary();
    }

    public async Task<ConcernSummary> Close(Caller caller, ClosureOutcome outcome, string? note, long? expectedRevision)
    {
        EnsureMayHandle(caller);
        if (!Enum.IsDefined(outcome) || outcome == ClosureOutcome.MergedAsDuplicate)
        {
            throw new ValidationException("outcome", "Choose an outcome (merging has its own action).");
        }

        var cleaned = ConcernRules.CleanText("note", note, NoteMaxLength);
        ConcernRules.EnsureRevision(_state, expectedRevision);
        await CommitAsync(caller, new ConcernClosed(outcome, cleaned));
        return _state.ToSummary();
    }

    /// <summary>
    /// The running stage deadline passed (fired by a host's deadline scanner, possibly twice, possibly late):
    /// an unanswered assignment moves on to the next worker; any other stage is recorded as breached. Either way
    /// the coordinators get a system alert.
    /// </summary>
    public async Task OnDeadline(string kind, DateTimeOffset dueAt)
    {
        if (!_state.Exists || _state.DueStage is not { } stage || stage.ToString() != kind || _state.DueAt > time.GetUtcNow())
        {
            return;
        }

        if (stage == ConcernStage.Acceptance && _state.AssignedTo is { } worker)
        {
            await CommitAsync(System, [new AssignmentTimedOut(worker), .. await AutoAssignAsync([worker])]);
            if (_state.AssignedTo is not null)
            {
                await RaiseAsync("Ärende inte accepterat i tid",
                    $"Ärende {_state.Reference} accepterades inte inom tidsfristen och har gått vidare till nästa socialjour.");
            }

            return;
        }

        await CommitAsync(System, new DeadlineBreached(stage, _state.DueAt!.Value));
        await RaiseAsync("Tidsfrist överskriden", $"Ärende {_state.Reference}: tidsfristen för {StageName(stage)} har passerats.");
    }

    private Caller System => new(_tenant, AlertGrain.SystemUser, "", CallerRoles.Coordinator);

    private IOnCallGrain OnCall => GrainFactory.GetGrain<IOnCallGrain>(_tenant);

    private ConcernAssigned AssignTo(string workerId, bool automatic) =>
        new(workerId, automatic, time.GetUtcNow() + deadlines.Value.For(_tenant, _state.Urgency, ConcernStage.Acceptance));

    /// <summary>
    /// The next worker by the assignment order, skipping those who passed on this concern already; when there
    /// is none, a failure (which <see cref="FollowUpAsync"/> turns into a system alert to coordinators).
    /// </summary>
    private async Task<IReadOnlyList<ConcernEvent>> AutoAssignAsync(IReadOnlyList<string> alsoExcluded)
    {
        var pick = await OnCall.PickWorker(System, [.. _state.PassedBy, .. alsoExcluded]);
        return pick.WorkerId is { } worker
            ? [AssignTo(worker, automatic: true)]
            : [new AssignmentFailed(pick.AvailableOnShift > 0 ? AssignmentFailure.EveryoneDeclined : AssignmentFailure.NoWorkerOnShift)];
    }

    /// <summary>What follows a stored assignment outside the concern's transaction: the roster's tie-break, system alerts.</summary>
    private async Task FollowUpAsync(IReadOnlyList<ConcernEvent> changes)
    {
        foreach (var change in changes)
        {
            switch (change)
            {
                case ConcernAssigned assigned:
                    await NoteAssignedAsync(assigned.WorkerId);
                    break;
                case AssignmentFailed failed:
                    await RaiseAsync(
                        failed.Reason == AssignmentFailure.NoWorkerOnShift ? "Ingen socialjour i tjänst" : "Ärende kunde inte tilldelas",
                        FailureMessage(failed.Reason, _state.Reference));
                    break;
            }
        }
    }

    private void EnsureMayHandle(Caller caller)
    {
        caller.EnsureTenant(_tenant);
        EnsureExists();
        ConcernRules.EnsureMayHandle(_state, caller);
    }

    private async Task NoteAssignedAsync(string workerId)
    {
        try
        {
            await OnCall.NoteAssigned(System, workerId);
        }
        catch (Exception exception)
        {
            // Only the "longest since last assignment" tie-break lags; the assignment itself is stored.
            logger.LogWarning(exception, "Could not note an assignment in the roster");
        }
    }

    /// <summary>A system alert to coordinators; the concern's own change is already stored and shown on the board.</summary>
    private async Task RaiseAsync(string title, string message)
    {
        try
        {
            await SystemAlerts.RaiseAsync(GrainFactory, _tenant, title, message);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not raise a system alert for a concern");
        }
    }

    private static string StageName(ConcernStage stage) => stage switch
    {
        ConcernStage.Triage => "bedömning",
        ConcernStage.Assignment => "tilldelning",
        ConcernStage.Acceptance => "accept",
        _ => "första kontakt",
    };

    private static string FailureMessage(AssignmentFailure failure, string reference) => failure switch
    {
        AssignmentFailure.NoWorkerOnShift => $"Ärende {reference} kunde inte tilldelas: ingen tillgänglig socialjour i tjänst. Tilldela manuellt.",
        _ => $"Alla tillgängliga socialjourer har avböjt ärende {reference}. Tilldela manuellt.",
    };

    public async Task<ConcernSummary> MergeInto(Caller caller, Guid targetId)
    {
        caller.EnsureCoordinator(_tenant);
        EnsureExists();
        if (targetId == _id)
        {
            throw new ValidationException("targetId", "A concern cannot be merged into itself.");
        }

        ConcernRules.EnsureInTriage(_state, "merged");
        // The surviving concern records the link first, so that a crash in between leaves a link, never a lost duplicate.
        var target = GrainFactory.GetGrain<IConcernGrain>(GrainKeys.For(_tenant, targetId));
        _mergingAway = true;
        try
        {
            var targetSummary = await target.AttachDuplicate(caller, _id, _state.Reference);
            await CommitAsync(caller, new DuplicateMergedInto(targetId, targetSummary.Reference));
        }
        finally
        {
            _mergingAway = false;
        }

        return _state.ToSummary();
    }

    public async Task<ConcernSummary> AttachDuplicate(Caller caller, Guid duplicateId, string duplicateReference)
    {
        caller.EnsureCoordinator(_tenant);
        if (!_state.Exists)
        {
            throw new ValidationException("targetId", "The concern to merge into does not exist.");
        }

        ConcernRules.EnsureOpen(_state);
        if (_mergingAway || _committing)
        {
            // This call interleaves with another change of this concern: refuse rather than race it.
            throw new ConflictException("The concern to merge into is being changed right now; try again.");
        }

        if (!_state.Duplicates.Contains(duplicateId))
        {
            await CommitAsync(caller, new DuplicateAttached(duplicateId, duplicateReference));
        }

        return _state.ToSummary();
    }

    public async Task<ConcernSummary> CloseAsUnfounded(Caller caller, string? reason)
    {
        caller.EnsureCoordinator(_tenant);
        EnsureExists();
        if (reason is { Length: > 500 })
        {
            throw new ValidationException("reason", "At most 500 characters.");
        }

        ConcernRules.EnsureInTriage(_state, "closed as unfounded");
        await CommitAsync(caller, new ClosedAsUnfounded(string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()));
        return _state.ToSummary();
    }

    private void EnsureExists()
    {
        if (!_state.Exists)
        {
            throw new NotFoundException("No such concern.");
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await store.ReadSnapshotAsync(_tenant, Stream, cancellationToken);
        _state = snapshot is null
            ? new ConcernState { Id = _id }
            : JsonSerializer.Deserialize<ConcernState>(snapshot.Json, StoreJson.Options)!;
    }

    private Task CommitAsync(Caller caller, ConcernEvent change) => CommitAsync(caller, [change]);

    private Task CommitAsync(Caller caller, IReadOnlyList<ConcernEvent> changes) =>
        CommitAsync([.. changes.Select(change => (caller, change))]);

    /// <summary>Stores the changes, each by its own caller, in one append; then publishes their deltas.</summary>
    private async Task CommitAsync(IReadOnlyList<(Caller By, ConcernEvent Change)> changesBy)
    {
        var now = time.GetUtcNow();
        var next = _state.Clone();
        var changes = changesBy.Select(c => c.Change).ToList();
        var feed = new List<FeedDraft>(changes.Count * 3);
        var isRead = changes is [DetailsViewed];
        foreach (var (caller, change) in changesBy)
        {
            var before = next.ToSummary();
            next.Apply(change, caller.UserId, now);
            next.ScheduleDeadline(stage => deadlines.Value.For(_tenant, next.Urgency, stage));
            if (change is not DetailsViewed)
            {
                feed.AddRange(Deltas(change, before, next.ToSummary(), now));
            }
        }

        IReadOnlyList<FeedEntry> committed;
        _committing = true;
        try
        {
            committed = await store.AppendAsync(new AppendRequest(
                _tenant, Stream, _state.Version,
                [.. changesBy.Select(c => new NewEvent(c.Change.Type, c.By.UserId, now, JsonSerializer.Serialize(c.Change, StoreJson.Options)))],
                JsonSerializer.Serialize(next, StoreJson.Options),
                isRead ? null : next.ToSummary(),
                feed)
            {
                Deadlines = isRead ? null : next.DueAt is { } due ? [new Deadline(next.DueStage!.Value.ToString(), due)] : [],
            });
        }
        catch (ConcurrencyException)
        {
            // Another activation wrote first (e.g. during a failover): take its state and let the caller retry.
            await LoadAsync(CancellationToken.None);
            throw new ConflictException("The concern was changed by someone else; reload and try again.");
        }
        finally
        {
            _committing = false;
        }

        _state = next;
        await CommittedDeltas.PublishAsync(GrainFactory, _tenant, committed, logger);
        await FollowUpAsync(changes);
    }

    /// <summary>
    /// Coordinators see every change; the reporting organisation its public status when it changes; the worker
    /// the concern is assigned to every change, and a worker it was taken from that it is no longer theirs.
    /// </summary>
    private static IEnumerable<FeedDraft> Deltas(ConcernEvent change, ConcernSummary before, ConcernSummary after, DateTimeOffset now)
    {
        yield return new FeedDraft(Audiences.Coordinators, change.Type, now,
            JsonSerializer.Serialize(new ConcernActivity(after, ActivityDetail(change)), StoreJson.Options));
        var status = ReportStatus.From(after);
        if (change is ConcernReported || status.Status != ReportStatus.From(before).Status)
        {
            yield return new FeedDraft(Audiences.Organisation(after.ReportedByOrganisation), "report.status", now,
                JsonSerializer.Serialize(status, StoreJson.Options));
        }

        if (before.AssignedTo is { } previous && previous != after.AssignedTo)
        {
            yield return new FeedDraft(Audiences.Worker(previous), "assignment.revoked", now,
                JsonSerializer.Serialize(new WorkerAssignment(after with { AssignedTo = null }, Revoked: true), StoreJson.Options));
        }

        if (after.AssignedTo is { } current)
        {
            yield return new FeedDraft(Audiences.Worker(current), "assignment." + change.Type["concern.".Length..], now,
                JsonSerializer.Serialize(new WorkerAssignment(after, Revoked: false), StoreJson.Options));
        }
    }

    /// <summary>A short, structured detail for the activity feed and timeline: names of things, never free text.</summary>
    private static string? ActivityDetail(ConcernEvent change) => change switch
    {
        DuplicateMergedInto merged => merged.TargetReference,
        DuplicateAttached attached => attached.DuplicateReference,
        UrgencyConfirmed confirmed => confirmed.Urgency.ToString(),
        ConcernAssigned assigned => assigned.WorkerId,
        AssignmentAccepted accepted => accepted.WorkerId,
        AssignmentDeclined declined => declined.WorkerId,
        AssignmentTimedOut timedOut => timedOut.WorkerId,
        AssignmentFailed failed => failed.Reason.ToString(),
        ContactAttempted contact => contact.Reached ? "Reached" : "NotReached",
        SupportOffered support => support.Provider.ToString(),
        ConcernReferred referred => referred.Target.ToString(),
        ConcernClosed closed => closed.Outcome.ToString(),
        DeadlineBreached breached => breached.Stage.ToString(),
        _ => null,
    };

    /// <summary>Free text written while handling: shown in the timeline to those who may read details, nowhere else.</summary>
    private static string? Note(ConcernEvent change) => change switch
    {
        AssignmentDeclined declined => declined.Reason,
        ContactAttempted contact => contact.Note,
        SupportOffered support => support.Note,
        ConcernReferred referred => referred.Note,
        NoteAdded note => note.Text,
        ConcernClosed closed => closed.Note,
        ClosedAsUnfounded unfounded => unfounded.Reason,
        _ => null,
    };

    private static TimelineEntry ToTimelineEntry(StoredEvent stored)
    {
        var change = JsonSerializer.Deserialize<ConcernEvent>(stored.PayloadJson, StoreJson.Options);
        return new TimelineEntry(stored.Sequence, stored.Type, stored.Actor, stored.At,
            change is null ? null : ActivityDetail(change), change is null ? null : Note(change));
    }
}
