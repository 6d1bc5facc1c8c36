using Coordination.Dashboard.Services;
using Coordination.Grains.Concerns;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Coordination.Dashboard.Components.Pages.Board;

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
    private bool _busy;
    private bool _notFound;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private IConcernService Concerns { get; set; } = default!;

    [Inject]
    private LiveBoard Board { get; set; } = default!;

    [Inject]
    private ConcernPresence Presence { get; set; } = default!;

    [Inject]
    private IAccountService Accounts { get; set; } = default!;

    [Inject]
    private UserContext User { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private bool InTriage => _details is not null && ConcernRules.IsInTriage(_details.Summary.Status);

    private IEnumerable<ConcernSummary> MergeCandidates =>
        Board.OpenConcerns.Where(c => c.Id != Id).OrderByDescending(c => c.ReportedAt);

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
            Board.ConcernChanged += OnConcernChanged;
            await Board.StartAsync(InvokeAsync);
            Presence.Changed += OnPresenceChanged;
            _presence = Presence.Join(_caller.Tenant, Id, _caller.UserId, user.DisplayNameOf());
            _othersLooking = Presence.Others(_caller.Tenant, Id, _caller.UserId);
            await LoadAsync();
        }
        catch (NotFoundException)
        {
            _notFound = true;
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
        _names = await Accounts.GetDisplayNamesAsync(_caller!.Tenant, _details.Timeline.Select(e => e.ActorId).Distinct());
        StateHasChanged();
    }

    private void OnConcernChanged(ConcernSummary changed)
    {
        // Another coordinator acted: show the new state at once; the timeline follows on the next read.
        if (changed.Id == Id && _details is not null)
        {
            _details = _details with { Summary = changed };
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
        ActAsync(() => Concerns.CloseAsUnfoundedAsync(Id, _closeReason), "ConcernClosed", "concern.closed-unfounded");

    private async Task ActAsync(Func<Task<ConcernSummary>> action, string doneMessage, string eventType, string? detail = null)
    {
        _busy = true;
        try
        {
            var summary = await action();
            // The step is in the event table now; show it without another (recorded) read of the details.
            var entry = new TimelineEntry(_details!.Timeline.Count + 1, eventType, _caller!.UserId, summary.UpdatedAt, detail);
            _details = _details with { Summary = summary, Timeline = [.. _details.Timeline, entry] };
            _names = new Dictionary<string, string>(_names) { [_caller.UserId] = (await User.GetUserAsync()).DisplayNameOf() };
            Snackbar.Add(L[doneMessage], Severity.Success);
        }
        catch (ConflictException)
        {
            // Someone else got there first: show them the fresh state and say so.
            Snackbar.Add(L["ChangedBySomeoneElse"], Severity.Warning);
            await LoadAsync();
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

    private string OrganisationName(string id) => _organisations.TryGetValue(id, out var organisation) ? organisation.Name : id;

    private string ActorName(string userId) => _names.GetValueOrDefault(userId, L["UnknownPerson"]);

    public void Dispose()
    {
        Board.ConcernChanged -= OnConcernChanged;
        Presence.Changed -= OnPresenceChanged;
        _presence?.Dispose();
    }
}
