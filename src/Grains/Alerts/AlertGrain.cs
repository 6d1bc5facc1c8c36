using System.Text.Json;
using Coordination.Grains.Alerts.Events;
using Coordination.Grains.Live;
using Coordination.Grains.Partners;
using Coordination.Grains.Scheduling;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Alerts;

/// <summary>
/// Event-sourced like a concern: every change is one transaction of events, snapshot, read-model row and the
/// deltas for coordinators and for each addressed organisation.
/// </summary>
public sealed class AlertGrain(
    IEventStore store,
    IOrganisationDirectory directory,
    TimeProvider time,
    IOptions<AlertTimingOptions> timing,
    IAlertMail mail,
    ILogger<AlertGrain> logger) : Grain, IAlertGrain
{
    private string _tenant = "";
    private Guid _id;
    private AlertState _state = new();

    public const string SystemUser = "system";

    private string Stream => $"alert/{_id:N}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (tenant, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
        _tenant = tenant;
        _id = Guid.Parse(id);
        await LoadAsync(cancellationToken);
    }

    public async Task<AlertView> Send(Caller caller, AlertDraft draft)
    {
        caller.EnsureCoordinator(_tenant);
        if (_state.Exists)
        {
            throw new ConflictException("An alert with this id already exists.");
        }

        var organisations = await directory.ListAsync(_tenant);
        // One instant for the checks, the sending and its deadlines: a reminder or escalation never falls due before
        // its interval has passed since the time the alert shows as sent.
        var sentAt = time.GetUtcNow();
        AlertRules.Validate(draft, organisations, sentAt);
        _state.Id = _id;
        _state.Reference = $"LARM-{_id.ToString("N")[..6].ToUpperInvariant()}";
        var deadlines = AlertRules.InitialDeadlines(sentAt, timing.Value.For(_tenant, draft.Severity), draft.ExpiresAt, draft.IsSystem);
        await CommitAsync(caller, new AlertSent(
            draft.Title.Trim(), draft.Message.Trim(), draft.Severity, draft.ExpiresAt,
            [.. AlertRules.Addressees(draft, organisations).Select(o => new AddressedOrganisation(o.Id, o.Name, o.Kind.ToString()))],
            draft.IsSystem), deadlines, sentAt);
        TellContactPersons([.. _state.Organisations.Select(o => o.OrganisationId)], AlertMailReason.Sent);
        return _state.ToView();
    }

    public Task<AlertView> GetProgress(Caller caller)
    {
        caller.EnsureCoordinator(_tenant);
        EnsureExists();
        return Task.FromResult(_state.ToView());
    }

    public Task<OrganisationAlertView> GetForOrganisation(Caller caller)
    {
        EnsureAddressed(caller);
        return Task.FromResult(_state.ToOrganisationView(caller.OrganisationId));
    }

    public async Task MarkDelivered(Caller caller)
    {
        EnsureAddressed(caller);
        if (_state.For(caller.OrganisationId)!.DeliveredAt is null)
        {
            await CommitAsync(caller, new AlertDelivered(caller.OrganisationId));
        }
    }

    public async Task MarkSeen(Caller caller)
    {
        EnsureAddressed(caller);
        if (_state.For(caller.OrganisationId)!.SeenAt is null)
        {
            await CommitAsync(caller, new AlertSeen(caller.OrganisationId));
        }
    }

    public async Task<AcknowledgementResult> Acknowledge(Caller caller, string displayName, string? comment)
    {
        EnsureAddressed(caller);
        if (comment is { Length: > AlertRules.CommentMaxLength })
        {
            throw new ValidationException("comment", $"At most {AlertRules.CommentMaxLength} characters.");
        }

        // Calls to one grain run one at a time: of two members clicking at once, the second finds the first recorded.
        if (_state.For(caller.OrganisationId)!.AcknowledgedAt is not null)
        {
            return new AcknowledgementResult(true, _state.ToOrganisationView(caller.OrganisationId));
        }

        if (_state.Status != AlertStatus.Open)
        {
            throw new ConflictException("The alert is no longer open.");
        }

        var last = _state.Unacknowledged.Count == 1;
        await CommitAsync(caller, new AlertAcknowledged(caller.OrganisationId, displayName,
            string.IsNullOrWhiteSpace(comment) ? null : comment.Trim()), last ? AlertRules.Expiry(_state.ExpiresAt) : null);
        return new AcknowledgementResult(false, _state.ToOrganisationView(caller.OrganisationId));
    }

    public async Task<AlertView> End(Caller caller, AlertStatus status, string? reason)
    {
        caller.EnsureCoordinator(_tenant);
        EnsureExists();
        if (status is not (AlertStatus.Withdrawn or AlertStatus.Closed))
        {
            throw new ValidationException("status", "Withdraw or close.");
        }

        if (reason is { Length: > AlertRules.CommentMaxLength })
        {
            throw new ValidationException("reason", $"At most {AlertRules.CommentMaxLength} characters.");
        }

        if (_state.Status != AlertStatus.Open)
        {
            throw new ConflictException("The alert is already withdrawn or closed.");
        }

        await CommitAsync(caller, new AlertEnded(status, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()), []);
        return _state.ToView();
    }

    /// <summary>A reminder, escalation or expiry deadline passed (fired by a host's deadline scanner, possibly twice).</summary>
    public async Task OnDeadline(string kind, DateTimeOffset dueAt)
    {
        if (!_state.Exists || _state.Status != AlertStatus.Open)
        {
            return;
        }

        var system = new Caller(_tenant, SystemUser, "", CallerRoles.Coordinator);
        if (kind == AlertRules.ExpireKind)
        {
            // Ends like a withdrawal: it leaves every banner, inbox and board, and no deadline is left.
            await CommitAsync(system, new AlertEnded(AlertStatus.Expired, null), []);
            return;
        }

        if (_state.AllAcknowledged)
        {
            return;
        }

        if (kind == AlertRules.RemindKind && _state.RemindedAt is null)
        {
            var reminded = _state.Unacknowledged;
            await CommitAsync(system, new AlertReminded(reminded), null);
            TellContactPersons(reminded, AlertMailReason.Reminder);
        }
        else if (kind == AlertRules.EscalateKind && _state.EscalatedAt is null)
        {
            var missing = _state.Unacknowledged;
            await CommitAsync(system, new AlertEscalated(missing), AlertRules.Expiry(_state.ExpiresAt));
            await SystemAlerts.RaiseAsync(GrainFactory, _tenant,
                $"Eskalerat: {_state.Title}"[..Math.Min(AlertRules.TitleMaxLength, 11 + _state.Title.Length)],
                $"{missing.Count} av {_state.Organisations.Count} organisationer har inte kvitterat larmet {_state.Reference}.");
        }
    }

    /// <summary>After the commit, and never at its expense: the e-mail is queued, and a failure to queue it is only logged.</summary>
    private void TellContactPersons(IReadOnlyList<string> organisationIds, AlertMailReason reason)
    {
        try
        {
            mail.AlertAwaiting(_tenant, _id, organisationIds, reason);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "The {Reason} e-mail of alert {AlertId} could not be queued", reason, _id);
        }
    }

    private void EnsureExists()
    {
        if (!_state.Exists)
        {
            throw new NotFoundException("No such alert.");
        }
    }

    /// <summary>Members see and acknowledge only alerts addressed to their own organisation.</summary>
    private void EnsureAddressed(Caller caller)
    {
        caller.EnsureTenant(_tenant);
        EnsureExists();
        if (_state.For(caller.OrganisationId) is null)
        {
            throw new AccessDeniedException("The alert is not addressed to the caller's organisation.");
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await store.ReadSnapshotAsync(_tenant, Stream, cancellationToken);
        _state = snapshot is null
            ? new AlertState { Id = _id }
            : JsonSerializer.Deserialize<AlertState>(snapshot.Json, StoreJson.Options)!;
    }

    /// <param name="deadlines">Replaces the alert's deadlines in the same transaction; null leaves them as they are.</param>
    /// <param name="at">When the change happened, if the caller took the time already (for its deadlines); else now.</param>
    private async Task CommitAsync(Caller caller, AlertEvent change, IReadOnlyList<Deadline>? deadlines = null, DateTimeOffset? at = null)
    {
        var now = at ?? time.GetUtcNow();
        var next = _state.Clone();
        next.Apply(change, caller.UserId, now);

        var view = next.ToView();
        var feed = new List<FeedDraft> { new(Audiences.Coordinators, change.Type, now, JsonSerializer.Serialize(view, StoreJson.Options)) };
        var toOrganisations = change switch
        {
            AlertSent or AlertEnded => next.Organisations.Select(o => o.OrganisationId),
            AlertAcknowledged acknowledged => [acknowledged.OrganisationId],
            AlertReminded reminded => reminded.OrganisationIds,
            _ => [],
        };
        feed.AddRange(toOrganisations.Select(organisation => new FeedDraft(Audiences.Organisation(organisation), change.Type, now,
            JsonSerializer.Serialize(next.ToOrganisationView(organisation), StoreJson.Options))));

        IReadOnlyList<FeedEntry> committed;
        try
        {
            committed = await store.AppendAsync(new AppendRequest(
                _tenant, Stream, _state.Version,
                [new NewEvent(change.Type, caller.UserId, now, JsonSerializer.Serialize(change, StoreJson.Options))],
                JsonSerializer.Serialize(next, StoreJson.Options),
                ConcernIndex: null,
                feed)
            {
                AlertIndex = new AlertIndexRow(view, [.. next.Organisations.Select(o => o.OrganisationId)]),
                Deadlines = deadlines,
            });
        }
        catch (ConcurrencyException)
        {
            await LoadAsync(CancellationToken.None);
            throw new ConflictException("The alert was changed by someone else; reload and try again.");
        }

        _state = next;
        await CommittedDeltas.PublishAsync(GrainFactory, _tenant, committed, logger);
    }
}
