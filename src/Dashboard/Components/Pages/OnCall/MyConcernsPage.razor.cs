using Coordination.Dashboard.Services;
using Coordination.Grains.Concerns;
using Coordination.Grains.OnCall;
using Coordination.Grains.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Coordination.Dashboard.Components.Pages.OnCall;

/// <summary>A worker's own concerns (answer offers, open the accepted ones), availability and shifts, kept live by their feed.</summary>
public sealed partial class MyConcernsPage
{
    private OnCallView? _onCall;
    private string _me = "";
    private Guid? _declining;
    private string? _declineReason;
    private bool _busy;
    private bool _started;

    [Inject]
    private LiveAssignments Assignments { get; set; } = default!;

    [Inject]
    private OnCallService OnCall { get; set; } = default!;

    [Inject]
    private IConcernService Concerns { get; set; } = default!;

    [Inject]
    private UserContext User { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private OnCallView? Roster => Assignments.OnCall ?? _onCall;

    private IReadOnlyList<Shift> MyShifts => Roster is null
        ? []
        : [.. RosterPolicy.Shifts(Roster.Roster, Time.GetUtcNow(), Time.GetUtcNow().AddDays(14)).Where(s => s.WorkerId == _me)];

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        try
        {
            _me = (await User.GetCallerAsync()).UserId;
            _onCall = await OnCall.GetAsync();
            Assignments.Changed += OnChanged;
            await Assignments.StartAsync(InvokeAsync);
            _started = true;
            StateHasChanged();
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    }

    private Task OnChanged()
    {
        StateHasChanged();
        return Task.CompletedTask;
    }

    private string LayerName(string layerId) => Roster?.Roster.Layers.FirstOrDefault(l => l.Id == layerId)?.Name ?? layerId;

    private Task SetAvailabilityAsync(WorkerAvailability availability) =>
        ActAsync(async () => { await OnCall.SetAvailabilityAsync(availability); return L["AvailabilitySet", L[$"Availability_{availability}"]]; });

    private Task AcceptAsync(ConcernSummary concern) =>
        ActAsync(async () => { await Concerns.AcceptAsync(concern.Id, concern.Revision); return L["Accepted", concern.Reference]; });

    private Task DeclineAsync(ConcernSummary concern) =>
        ActAsync(async () =>
        {
            await Concerns.DeclineAsync(concern.Id, _declineReason ?? "", concern.Revision);
            _declining = null;
            return L["Declined", concern.Reference];
        });

    private async Task ActAsync(Func<Task<string>> action)
    {
        _busy = true;
        try
        {
            Snackbar.Add(await action(), Severity.Success);
        }
        catch (ConflictException)
        {
            Snackbar.Add(L["ChangedBySomeoneElse"], Severity.Warning);
        }
        catch (AccessDeniedException)
        {
            Snackbar.Add(L["NoLongerYoursShort"], Severity.Warning);
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

    public void Dispose() => Assignments.Changed -= OnChanged;
}
