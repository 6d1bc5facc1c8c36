using Coordination.Dashboard.Services;
using Coordination.Grains.Concerns;
using Coordination.Grains.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Coordination.Dashboard.Components.Pages.Reports;

public sealed partial class ReportForm
{
    private static readonly Urgency[] UrgenciesMostSevereFirst = [Urgency.ImmediateDanger, Urgency.Urgent, Urgency.Normal];

    private readonly HashSet<string> _ticked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _errors = [];
    private ReportFormData? _form;
    private Urgency _urgency = Urgency.Normal;
    private PlaceKind? _placeKind;
    private string? _area;
    private DateTime? _observedDate;
    private TimeSpan? _observedTime;
    private string? _freeText;
    private bool _sending;

    [Inject]
    private IReportService Concerns { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var now = CityTime.Local(Time.GetUtcNow());
        _observedDate = now.Date;
        _observedTime = new TimeSpan(now.Hour, now.Minute, 0);
        _form = await Concerns.GetReportFormAsync();
    }

    private void OnUrgencyChanged(Urgency urgency) => _urgency = urgency;

    private void Toggle(string code, bool ticked)
    {
        if (ticked)
        {
            _ticked.Add(code);
        }
        else
        {
            _ticked.Remove(code);
        }
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.GetValueOrDefault(field);

    private DateTimeOffset? ObservedAt()
    {
        if (_observedDate is not { } date)
        {
            return null;
        }

        var local = date.Date + (_observedTime ?? TimeSpan.Zero);
        return new DateTimeOffset(local, CityTime.Zone.GetUtcOffset(local));
    }

    /// <summary>The same rules the grain applies, checked here first so that messages appear beside the fields.</summary>
    private bool Validate()
    {
        _errors.Clear();
        if (_placeKind is null)
        {
            _errors["placeKind"] = L["ChoosePlaceKind"];
        }

        if (string.IsNullOrEmpty(_area))
        {
            _errors["area"] = L["ChooseArea"];
        }

        var observedAt = ObservedAt();
        if (observedAt is null)
        {
            _errors["observedAt"] = L["EnterDateObserved"];
        }
        else if (observedAt > Time.GetUtcNow() + ConcernRules.ClockSkewTolerance)
        {
            _errors["observedAt"] = L["ObservedInFuture"];
        }

        if (_ticked.Count == 0 && string.IsNullOrWhiteSpace(_freeText))
        {
            _errors["indicators"] = L["TickOrDescribe"];
        }

        return _errors.Count == 0;
    }

    private async Task SubmitAsync()
    {
        if (_sending || !Validate())
        {
            return;
        }

        _sending = true;
        try
        {
            var receipt = await Concerns.ReportAsync(new ReportConcern(
                _placeKind!.Value, _area!, ObservedAt()!.Value, [.. _form!.Checklist.Where(_ticked.Contains)], _freeText, _urgency));
            Snackbar.Add(L["ReportReceived", receipt.Reference], Severity.Success);
            Navigation.NavigateTo("reports");
        }
        catch (ValidationException invalid)
        {
            _errors[invalid.Field] = L[$"ServerRejected_{invalid.Field}"] is { ResourceNotFound: false } text ? text : invalid.Message;
        }
        finally
        {
            _sending = false;
        }
    }
}
