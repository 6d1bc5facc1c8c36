using Coordination.Dashboard.Services;
using Coordination.Grains.OnCall;
using Coordination.Grains.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Coordination.Dashboard.Components.Pages.OnCall;

/// <summary>The coordinators' roster: who is on shift now, availability, the coming weeks, and the editor.</summary>
public sealed partial class RosterPage
{
    private const int CalendarDays = 28;

    private RosterDraft _draft = new();
    private long _revision;
    private string? _error;
    private bool _busy;
    private bool _started;

    [Inject]
    private LiveBoard Board { get; set; } = default!;

    [Inject]
    private OnCallService OnCall { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<OnShift> OnShiftNow => RosterPolicy.OnShiftAt(Board.OnCall.Roster, Time.GetUtcNow());

    /// <summary>Each local day of the coming weeks, and per layer who covers it (with times when not the whole day).</summary>
    private IEnumerable<CalendarDay> Calendar
    {
        get
        {
            var today = DateOnly.FromDateTime(CityTime.Local(Time.GetUtcNow()).DateTime);
            var roster = Board.OnCall.Roster;
            var shifts = RosterPolicy.Shifts(roster, RosterPolicy.ToInstant(today.ToDateTime(TimeOnly.MinValue)),
                RosterPolicy.ToInstant(today.AddDays(CalendarDays).ToDateTime(TimeOnly.MinValue)));
            for (var day = today; day < today.AddDays(CalendarDays); day = day.AddDays(1))
            {
                var (start, end) = (RosterPolicy.ToInstant(day.ToDateTime(TimeOnly.MinValue)), RosterPolicy.ToInstant(day.AddDays(1).ToDateTime(TimeOnly.MinValue)));
                yield return new CalendarDay(day, day == today, [.. roster.Layers.Select(layer => string.Join(" · ", shifts
                    .Where(s => s.LayerId == layer.Id && s.Start < end && s.End > start)
                    .Select(s => s.Start <= start && s.End >= end
                        ? Board.WorkerName(s.WorkerId)
                        : $"{Board.WorkerName(s.WorkerId)} {(s.Start > start ? CityTime.Format(s.Start, "HH:mm") : "")}–{(s.End < end ? CityTime.Format(s.End, "HH:mm") : "")}")))]);
            }
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
            Board.Changed += OnBoardChanged;
            await Board.StartAsync(InvokeAsync);
            Reset();
            _started = true;
            StateHasChanged();
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    }

    private Task OnBoardChanged()
    {
        StateHasChanged();
        return Task.CompletedTask;
    }

    /// <summary>Back to the roster as saved (the editor's changes are dropped).</summary>
    private void Reset()
    {
        _draft = RosterDraft.From(Board.OnCall.Roster);
        _revision = Board.OnCall.Revision;
        _error = null;
    }

    private void AddLayer() => _draft.Layers.Add(new RosterDraft.Layer
    {
        Name = $"{L["Layer"]} {_draft.Layers.Count + 1}",
        StartDate = DateOnly.FromDateTime(CityTime.Local(Time.GetUtcNow()).DateTime).ToString("yyyy-MM-dd"),
    });

    private void AddOverride() => _draft.Overrides.Add(new RosterDraft.Override { LayerId = _draft.Layers.FirstOrDefault()?.Id });

    private void AddSwap() => _draft.Swaps.Add(new RosterDraft.Swap { LayerId = _draft.Layers.FirstOrDefault()?.Id });

    private string LayerName(string layerId) => Board.OnCall.Roster.Layers.FirstOrDefault(l => l.Id == layerId)?.Name ?? layerId;

    private WorkerAvailability AvailabilityOf(string workerId) =>
        Board.OnCall.Workers.FirstOrDefault(w => w.WorkerId == workerId)?.Availability ?? WorkerAvailability.Available;

    private async Task SetAvailabilityAsync(string workerId, WorkerAvailability availability)
    {
        await OnCall.SetAvailabilityAsync(availability, workerId);
        Snackbar.Add(L["AvailabilitySet", L[$"Availability_{availability}"]], Severity.Success);
    }

    private async Task SaveAsync()
    {
        _busy = true;
        _error = null;
        try
        {
            var saved = await OnCall.SaveRosterAsync(_draft.ToRoster(), _revision);
            _draft = RosterDraft.From(saved.Roster);
            _revision = saved.Revision;
            Snackbar.Add(L["RosterSaved"], Severity.Success);
        }
        catch (ValidationException invalid)
        {
            _error = L["RosterInvalid", invalid.Field, invalid.Message];
        }
        catch (ConflictException)
        {
            _error = L["RosterChangedMeanwhile"];
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose() => Board.Changed -= OnBoardChanged;

    private sealed record CalendarDay(DateOnly Date, bool IsToday, IReadOnlyList<string> Cells);
}
