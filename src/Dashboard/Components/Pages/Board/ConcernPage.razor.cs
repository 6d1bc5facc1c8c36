using Coordination.Dashboard.Services;
using Coordination.Grains.Concerns;
using Coordination.Grains.OnCall;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Coordination.Dashboard.Components.Pages.Board;

/// <summary>
/// One concern for coordinators (triage, assignment, handling) and for the worker it is assigned to (accept or
/// decline, handling). A worker follows their own feed: when the concern is taken from them the details leave the
/// screen at once.
/// </summary>
public sealed partial class ConcernPage
{
    private ConcernDetails? _details;
    private IReadOnlyDictionary<string, Organisation> _organisations = new Dictionary<string, Organisation>();
    private IReadOnlyDictionary<string, string> _names = new Dictionary<string, string>();
    private IReadOnlyList<string> _othersLooking = [];
    private IDisposable? _presence;
    private Caller? _caller;
    private Urgency _urgency;
    private Guid? _mergeTarget;
    private string? _closeReason;
    private string? _worker;
    private string? _declineReason;
    private bool _reached = true;
    private string? _contactNote;
    private SupportProvider _provider;
    private string? _supportNote;
    private ReferralTarget _target;
    private string? _referralNote;
    private string? _note;
    private ClosureOutcome? _outcome;
    private string? _closeNote;
    private bool _busy;
    private bool _notFound;
    private bool _revoked;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private IConcernService Concerns { get; set; } = default!;

    [Inject]
    private LiveBoard Board { get; set; } = default!;

    [Inject]
    private LiveAssignments Assignments { get; set; } = default!;

    [Inject]
    private ConcernPresence Presence { get; set; } = default!;

    [Inject]
    private IAccountService Accounts { get; set; } = default!;

    [Inject]
    private UserContext User { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private bool IsCoordinator => _caller?.IsCoordinator == true;

    private ConcernSummary? Summary => _details?.Summary;

    private bool InTriage => Summary is not null && ConcernRules.IsInTriage(Summary.Status);

    private bool IsOfferedToMe => Summary is { Status: ConcernStatus.Assigned } s && s.AssignedTo == _caller?.UserId;

    private bool MayAssign => IsCoordinator && Summary is { Status: not (ConcernStatus.Reported or ConcernStatus.Closed) };

    private bool MayHandle => Summary is { } s && s.IsOpen && (IsCoordinator
        ? s.Status is not (ConcernStatus.Reported or ConcernStatus.Triaged)
        : s.AssignedTo == _caller?.UserId && s.Status is ConcernStatus.Accepted or ConcernStatus.InProgress or ConcernStatus.Referred);

    private IEnumerable<ConcernSummary> MergeCandidates =>
        Board.OpenConcerns.Where(c => c.Id != Id).OrderByDescending(c => c.ReportedAt);

    /// <summary>Workers on shift first, then by load and name; the one it is assigned to now is left out.</summary>
    private IEnumerable<(WorkerStatus Worker, bool OnShift, int Load)> Candidates
    {
        get
        {
            var onShift = Board.OnShiftAt(Time.GetUtcNow());
            return Board.OnCall.Workers
                .Where(w => w.WorkerId != Summary?.AssignedTo)
                .Select(w => (w, onShift.Contains(w.WorkerId), Board.LoadOf(w.WorkerId)))
                .OrderByDescending(c => c.Item2).ThenBy(c => c.Item3).ThenBy(c => c.w.DisplayName, StringComparer.CurrentCulture);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        try
        {
            var user = await User.GetUserAsync();
            _caller = user.ToCaller();
            _organisations = await Concerns.GetOrganisationsAsync();
            if (_caller.IsCoordinator)
            {
                Board.ConcernChanged += OnConcernChanged;
                await Board.StartAsync(InvokeAsync);
                Presence.Changed += OnPresenceChanged;
                _presence = Presence.Join(_caller.Tenant, Id, _caller.UserId, user.DisplayNameOf());
                _othersLooking = Presence.Others(_caller.Tenant, Id, _caller.UserId);
            }
            else
            {
                Assignments.Changed += OnAssignmentsChanged;
                Assignments.Revoked += OnRevoked;
                await Assignments.StartAsync(InvokeAsync);
            }

            await LoadAsync();
        }
        catch (NotFoundException)
        {
            _notFound = true;
            StateHasChanged();
        }
        catch (AccessDeniedException)
        {
            _revoked = true;
            StateHasChanged();
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    }

    /// <summary>Reads the details (a recorded read) and the names of the people in its timeline.</summary>
    private async Task LoadAsync()
    {
        _details = await Concerns.OpenAsync(Id);
        _urgency = _details.Summary.Urgency;
        var people = _details.Timeline.Select(e => e.ActorId)
            .Concat(_details.Timeline.Where(e => ConcernText.IsAboutWorker(e.Type) && e.Detail is not null).Select(e => e.Detail!))
            .Concat(_details.Summary.AssignedTo is { } worker ? [worker] : []);
        _names = await Accounts.GetDisplayNamesAsync(_caller!.Tenant, people.Distinct());
        StateHasChanged();
    }

    private void OnConcernChanged(ConcernSummary changed)
    {
        // Someone else acted: show the new state at once; the timeline follows on the next read.
        if (changed.Id == Id && _details is not null)
        {
            _details = _details with { Summary = changed };
            StateHasChanged();
        }
    }

    private Task OnAssignmentsChanged()
    {
        if (Assignments.Find(Id) is { } changed)
        {
            OnConcernChanged(changed);
        }

        return Task.CompletedTask;
    }

    private void OnRevoked(ConcernSummary concern)
    {
        if (concern.Id == Id)
        {
            // Reassigned, declined or timed out: the details are no longer this worker's to see.
            _details = null;
            _revoked = true;
            StateHasChanged();
        }
    }

    private void OnPresenceChanged(string tenant, Guid concern)
    {
        if (_caller is not null && tenant == _caller.Tenant && concern == Id)
        {
            _ = InvokeAsync(() =>
            {
                _othersLooking = Presence.Others(tenant, concern, _caller.UserId);
                StateHasChanged();
            });
        }
    }

    private Task ConfirmUrgencyAsync() =>
        ActAsync(() => Concerns.ConfirmUrgencyAsync(Id, _urgency), "UrgencyConfirmed", "concern.urgency-confirmed", _urgency.ToString());

    private Task MarkTriagedAsync() => ActAsync(() => Concerns.MarkTriagedAsync(Id), "ConcernTriaged", "concern.triaged");

    private Task MergeAsync() =>
        ActAsync(() => Concerns.MergeAsync(Id, _mergeTarget!.Value), "ConcernMerged", "concern.merged-into",
            Board.OpenConcerns.FirstOrDefault(c => c.Id == _mergeTarget)?.Reference);

    private Task CloseAsUnfoundedAsync() =>
        ActAsync(() => Concerns.CloseAsUnfoundedAsync(Id, _closeReason), "ConcernClosed", "concern.closed-unfounded", note: _closeReason);

    private Task AssignChosenAsync() =>
        ActAsync(() => Concerns.AssignAsync(Id, _worker, Summary!.Revision), "ConcernAssigned", "concern.assigned", _worker);

    private Task AssignAutomaticallyAsync() =>
        ActAsync(() => Concerns.AssignAsync(Id, null, Summary!.Revision), "ConcernAssigned", "concern.assigned");

    private Task AcceptAsync() =>
        ActAsync(() => Concerns.AcceptAsync(Id, Summary!.Revision), "ConcernAccepted", "concern.accepted", _caller!.UserId);

    private Task DeclineAsync() =>
        ActAsync(() => Concerns.DeclineAsync(Id, _declineReason ?? "", Summary!.Revision), "ConcernDeclined", "concern.declined", _caller!.UserId, _declineReason);

    private Task RecordContactAsync() =>
        ActAsync(() => Concerns.RecordContactAsync(Id, _reached, _contactNote), "ContactRecorded", "concern.contact-attempted",
            _reached ? "Reached" : "NotReached", _contactNote, () => _contactNote = null);

    private Task OfferSupportAsync() =>
        ActAsync(() => Concerns.OfferSupportAsync(Id, _provider, _supportNote), "SupportRecorded", "concern.support-offered",
            _provider.ToString(), _supportNote, () => _supportNote = null);

    private Task ReferAsync() =>
        ActAsync(() => Concerns.ReferAsync(Id, _target, _referralNote), "ReferralRecorded", "concern.referred",
            _target.ToString(), _referralNote, () => _referralNote = null);

    private Task AddNoteAsync() =>
        ActAsync(() => Concerns.AddNoteAsync(Id, _note ?? ""), "NoteAdded", "concern.note-added", note: _note, clear: () => _note = null);

    private Task CloseAsync() =>
        ActAsync(() => Concerns.CloseAsync(Id, _outcome!.Value, _closeNote, Summary!.Revision), "ConcernClosed", "concern.closed",
            _outcome.ToString(), _closeNote);

    private async Task ActAsync(
        Func<Task<ConcernSummary>> action, string doneMessage, string eventType, string? detail = null, string? note = null, Action? clear = null)
    {
        _busy = true;
        try
        {
            var summary = await action();
            // The step is in the event table now; show it without another (recorded) read of the details.
            var entry = new TimelineEntry(_details!.Timeline.Count + 1, eventType, _caller!.UserId, summary.UpdatedAt,
                eventType == "concern.assigned" ? summary.AssignedTo : detail, string.IsNullOrWhiteSpace(note) ? null : note.Trim());
            _details = _details with { Summary = summary, Timeline = [.. _details.Timeline, entry] };
            var names = new Dictionary<string, string>(_names) { [_caller.UserId] = (await User.GetUserAsync()).DisplayNameOf() };
            if (summary.AssignedTo is { } worker && !names.ContainsKey(worker))
            {
                names[worker] = Board.WorkerName(worker);
            }

            _names = names;
            clear?.Invoke();
            Snackbar.Add(L[doneMessage], Severity.Success);
        }
        catch (ConflictException conflict)
        {
            // Someone else got there first, or the step does not fit the concern's state now: show the fresh state and say so.
            Snackbar.Add(conflict.Message.Contains("changed by someone else", StringComparison.Ordinal) ? L["ChangedBySomeoneElse"] : L["NotPossibleNow"], Severity.Warning);
            await LoadAsync();
        }
        catch (AccessDeniedException)
        {
            _details = null;
            _revoked = true;
        }
        catch (ValidationException invalid)
        {
            Snackbar.Add(invalid.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private string DetailText(string type, string detail) => ConcernText.Detail(L, type, detail, PersonName);

    private string OrganisationName(string id) => _organisations.TryGetValue(id, out var organisation) ? organisation.Name : id;

    private string ActorName(string userId) => userId == "system" ? L["System"] : _names.GetValueOrDefault(userId, L["UnknownPerson"]);

    private string PersonName(string userId) => _names.TryGetValue(userId, out var name) ? name : Board.WorkerName(userId);

    public void Dispose()
    {
        Board.ConcernChanged -= OnConcernChanged;
        Presence.Changed -= OnPresenceChanged;
        Assignments.Changed -= OnAssignmentsChanged;
        Assignments.Revoked -= OnRevoked;
        _presence?.Dispose();
    }
}
