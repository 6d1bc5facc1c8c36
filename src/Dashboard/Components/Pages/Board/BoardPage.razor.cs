using Coordination.Dashboard.Components.Shared;
using Coordination.Dashboard.Services;
using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;
using Coordination.Grains.Partners;
using Microsoft.AspNetCore.Components;

namespace Coordination.Dashboard.Components.Pages.Board;

public sealed partial class BoardPage
{
    private static readonly ConcernStatus[] TriageStatuses =
        [ConcernStatus.Reported, ConcernStatus.Triaged, ConcernStatus.Assigned, ConcernStatus.Accepted, ConcernStatus.InProgress, ConcernStatus.Referred];

    private IReadOnlyDictionary<string, Organisation> _organisations = new Dictionary<string, Organisation>();
    private IReadOnlyList<string> _areas = [];
    private ConcernStatus? _statusFilter;
    private const int FigureWeeks = 8;
    private static readonly TimeSpan FigureRefresh = TimeSpan.FromSeconds(5);

    private IReadOnlyList<WeekFigures> _weeks = [];
    private DateTimeOffset _weeksReadAt;
    private bool _started;

    /// <summary>Deadlines count down: one timer re-renders the page, not one per row.</summary>
    private static readonly TimeSpan CountdownRefresh = TimeSpan.FromSeconds(30);
    private ITimer? _countdown;

    [Inject]
    private LiveBoard Board { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    /// <summary>The workers on shift now (in any layer), with their availability.</summary>
    private IReadOnlyList<Grains.OnCall.WorkerStatus> OnShiftNow
    {
        get
        {
            var onShift = Board.OnShiftAt(Time.GetUtcNow());
            return [.. Board.OnCall.Workers.Where(w => onShift.Contains(w.WorkerId))];
        }
    }

    [Inject]
    private IConcernService Concerns { get; set; } = default!;

    private IEnumerable<ConcernSummary> VisibleConcerns => Board.OpenConcerns
        .Where(c => _statusFilter is null || c.Status == _statusFilter)
        .OrderByDescending(c => c.Urgency)
        .ThenBy(c => c.ReportedAt);

    private readonly MarkupReuse<Guid> _rowMarkup = new();
    private readonly MarkupReuse<long> _activityMarkup = new();

    private IReadOnlyList<(Guid Id, MarkupString Cells)> ConcernRows
    {
        get
        {
            var now = Time.GetUtcNow();
            return _rowMarkup.Render(VisibleConcerns.Select(concern => (concern.Id, BoardMarkup.ConcernRow(
                L, concern, OrganisationName(concern.ReportedByOrganisation), concern.AssignedTo is { } worker ? Board.WorkerName(worker) : null, now))));
        }
    }

    private IReadOnlyList<(long Sequence, MarkupString Content)> ActivityLines => _activityMarkup.Render(Board.Activity.Take(12)
        .Select(item => (item.Sequence, BoardMarkup.ActivityLine(L, item, item.Detail is null ? null : DetailText(item)))));

    private IEnumerable<(string Area, int Count)> Areas => _areas
        .Select(area => (area, Board.OpenConcerns.Count(c => c.Area == area)))
        .OrderByDescending(a => a.Item2)
        .ThenBy(a => a.area, StringComparer.CurrentCulture);

    private IEnumerable<Figure> Figures =>
    [
        new(L["OpenConcerns"], Board.OpenConcerns.Count, "var(--mud-palette-text-secondary)", "figure-open"),
        new(L["Urgency_ImmediateDanger"], Board.OpenConcerns.Count(c => c.Urgency == Urgency.ImmediateDanger), "var(--mud-palette-error)", "figure-danger"),
        new(L["DeadlineBreaches"], Board.OpenConcerns.Count(c => c.Breached != BreachedStages.None || c.DueAt < Time.GetUtcNow()), "var(--mud-palette-error)", "figure-breaches"),
        new(L["AwaitingTriage"], Board.OpenConcerns.Count(c => c.Status == ConcernStatus.Reported), "var(--mud-palette-info)", "figure-triage"),
        new(L["OpenAlerts"], Board.OpenAlerts.Count, "var(--mud-palette-text-secondary)", "figure-alerts"),
        new(L["UnacknowledgedOrganisations"], Awaiting.Count, "var(--mud-palette-warning)", "figure-unacknowledged"),
    ];

    /// <summary>Organisations with open alerts they have not acknowledged, from the live alerts.</summary>
    private IReadOnlyDictionary<string, int> Awaiting => AlertFigures.AwaitingByOrganisation(Board.OpenAlerts);

    /// <summary>
    /// Every partner with its open alerts to acknowledge (live) and its mean time to acknowledge (read again,
    /// throttled, as acknowledgements come in).
    /// </summary>
    private IEnumerable<PartnerRow> PartnerRows
    {
        get
        {
            var awaiting = Awaiting;
            var figures = Board.AlertFigures?.ByOrganisation.ToDictionary(o => o.OrganisationId) ?? [];
            return _organisations.Values
                .OrderBy(o => o.Kind)
                .ThenBy(o => o.Name, StringComparer.CurrentCulture)
                .Select(o => new PartnerRow(o, awaiting.GetValueOrDefault(o.Id), figures.GetValueOrDefault(o.Id)));
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
            _organisations = await Concerns.GetOrganisationsAsync();
            _areas = (await Concerns.GetReportFormAsync()).Areas;
            Board.Changed += OnBoardChanged;
            Board.AlertChanged += OnAlertChanged;
            Board.AlertFiguresChanged += OnBoardChanged;
            Board.ConcernChanged += OnConcernChanged;
            await Board.StartAsync(InvokeAsync);
            _weeks = await Concerns.GetFiguresAsync(FigureWeeks);
            _weeksReadAt = Time.GetUtcNow();
            _started = true;
            _countdown = Time.CreateTimer(_ => InvokeAsync(StateHasChanged), null, CountdownRefresh, CountdownRefresh);
            StateHasChanged();
        }
        catch (Exception exception)
        {
            await DispatchExceptionAsync(exception);
        }
    }

    /// <summary>Handling times change only when a concern moves on: read them again then, at most every few seconds.</summary>
    private void OnConcernChanged(ConcernSummary concern)
    {
        if (Time.GetUtcNow() - _weeksReadAt < FigureRefresh)
        {
            return;
        }

        _weeksReadAt = Time.GetUtcNow();
        _ = InvokeAsync(async () =>
        {
            _weeks = await Concerns.GetFiguresAsync(FigureWeeks);
            StateHasChanged();
        });
    }

    private Task OnBoardChanged()
    {
        StateHasChanged();
        return Task.CompletedTask;
    }

    private string OrganisationName(string id) => _organisations.TryGetValue(id, out var organisation) ? organisation.Name : id;

    private string DetailText(ActivityItem item) => ConcernText.Detail(L, item.Type, item.Detail, Board.WorkerName);

    private static string Level(int count) => count switch
    {
        0 => "",
        1 => "level-1",
        <= 3 => "level-2",
        _ => "level-3",
    };

    private void OnAlertChanged(Grains.Alerts.AlertView alert) => StateHasChanged();

    public void Dispose()
    {
        Board.Changed -= OnBoardChanged;
        Board.AlertChanged -= OnAlertChanged;
        Board.AlertFiguresChanged -= OnBoardChanged;
        Board.ConcernChanged -= OnConcernChanged;
        _countdown?.Dispose();
    }

    private sealed record Figure(string Label, int Value, string Colour, string TestId);

    private sealed record PartnerRow(Organisation Organisation, int Awaiting, OrganisationAlertFigures? Figures);
}
