using System.Text.Json;
using Coordination.Grains.Concerns.Events;
using Coordination.Grains.Live;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Coordination.Grains.Concerns;

/// <summary>
/// Event-sourced: each change appends its events, the new snapshot, the read model row and the audience
/// deltas in one transaction (<see cref="IEventStore.AppendAsync"/>) before the caller hears of success.
/// </summary>
public sealed class ConcernGrain(
    IEventStore store,
    IOrganisationDirectory directory,
    TimeProvider time,
    ILogger<ConcernGrain> logger) : Grain, IConcernGrain
{
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
        caller.EnsureCoordinator(_tenant);
        EnsureExists();
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
        await CommitAsync(caller, new ConcernTriaged());
        return _state.ToSummary();
    }

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

    private async Task CommitAsync(Caller caller, ConcernEvent change)
    {
        var now = time.GetUtcNow();
        var before = _state.ToSummary();
        var next = JsonSerializer.Deserialize<ConcernState>(JsonSerializer.Serialize(_state, StoreJson.Options), StoreJson.Options)!;
        next.Apply(change, caller.UserId, now);
        var after = next.ToSummary();

        var feed = new List<FeedDraft>(2);
        if (change is not DetailsViewed)
        {
            feed.Add(new FeedDraft(Audiences.Coordinators, change.Type, now,
                JsonSerializer.Serialize(new ConcernActivity(after, ActivityDetail(change)), StoreJson.Options)));
            var status = ReportStatus.From(after);
            if (change is ConcernReported || status.Status != ReportStatus.From(before).Status)
            {
                feed.Add(new FeedDraft(Audiences.Organisation(next.ReportedByOrganisation), "report.status", now,
                    JsonSerializer.Serialize(status, StoreJson.Options)));
            }
        }

        IReadOnlyList<FeedEntry> committed;
        _committing = true;
        try
        {
            committed = await store.AppendAsync(new AppendRequest(
                _tenant, Stream, _state.Version,
                [new NewEvent(change.Type, caller.UserId, now, JsonSerializer.Serialize(change, StoreJson.Options))],
                JsonSerializer.Serialize(next, StoreJson.Options),
                change is DetailsViewed ? null : after,
                feed));
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
    }

    private static string? ActivityDetail(ConcernEvent change) => change switch
    {
        DuplicateMergedInto merged => merged.TargetReference,
        DuplicateAttached attached => attached.DuplicateReference,
        UrgencyConfirmed confirmed => confirmed.Urgency.ToString(),
        _ => null,
    };

    private static TimelineEntry ToTimelineEntry(StoredEvent stored)
    {
        var change = JsonSerializer.Deserialize<ConcernEvent>(stored.PayloadJson, StoreJson.Options);
        return new TimelineEntry(stored.Sequence, stored.Type, stored.Actor, stored.At, change is null ? null : ActivityDetail(change));
    }
}
