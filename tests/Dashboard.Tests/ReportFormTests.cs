using System.Globalization;
using Bunit;
using Coordination.Dashboard;
using Coordination.Dashboard.Components.Pages.Reports;
using Coordination.Dashboard.Services;
using Coordination.Grains.Concerns;
using Coordination.Grains.Partners;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Coordination.Dashboard.Tests;

public sealed class ReportFormTests : BunitContext, IAsyncLifetime
{
    private readonly RecordingConcernService _concerns = new();

    public ReportFormTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
        Services.AddSingleton<IReportService>(_concerns);
        Services.AddSingleton(TimeProvider.System);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
    }

    [Fact]
    public void ChecklistIsTheOneOfTheSignedInPartnersKind()
    {
        UseCulture("sv");
        _concerns.Kind = PartnerKind.TaxiCompany;

        var form = Render<ReportForm>();

        var shown = form.FindAll("[data-indicator]").Select(e => e.GetAttribute("data-indicator") ?? "").ToList();
        Assert.Equal(Indicators.For(PartnerKind.TaxiCompany), shown);
        Assert.Contains("Passageraren verkar styrd", form.Markup);
        Assert.DoesNotContain("Inget bagage", form.Markup);
    }

    [Fact]
    public void ChoosingImmediateDangerShowsCall112BeforeAnythingElse()
    {
        UseCulture("sv");
        var form = Render<ReportForm>();
        Assert.Empty(form.FindAll("[data-testid=call-112]"));

        form.FindAll("input[type=radio]")[0].Click();

        var alert = form.Find("[data-testid=call-112]");
        Assert.Contains("Ring 112 nu.", alert.TextContent);
        var markup = form.Markup;
        Assert.True(markup.IndexOf("data-testid=\"call-112\"", StringComparison.Ordinal) < markup.IndexOf("<form", StringComparison.Ordinal),
            "The 112 message must come before the form's fields.");
    }

    [Theory]
    [InlineData("sv", "Välj typ av plats.", "Välj område.", "Kryssa i minst ett tecken eller beskriv vad du såg.")]
    [InlineData("en", "Choose the kind of place.", "Choose an area.", "Tick at least one sign or describe what you saw.")]
    public void SubmittingAnEmptyFormExplainsWhatIsMissingInTheChosenLanguage(string culture, string place, string area, string signs)
    {
        UseCulture(culture);
        var form = Render<ReportForm>();

        form.Find("form").Submit();

        Assert.Contains(place, form.Markup);
        Assert.Contains(area, form.Markup);
        Assert.Contains(signs, form.Markup);
        Assert.Empty(_concerns.Reports);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor registers services that only dispose asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private static void UseCulture(string name)
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
    }

    /// <summary>Stands in for the grains: the form is tested alone here, the whole path in the browser tests.</summary>
    private sealed class RecordingConcernService : IReportService
    {
        public PartnerKind Kind { get; set; } = PartnerKind.Hotel;

        public List<ReportConcern> Reports { get; } = [];

        public Task<ReportFormData> GetReportFormAsync() => Task.FromResult(new ReportFormData(
            new Organisation("helsingborg", "org", "Testorganisationen", Kind, [], new DateOnly(2026, 1, 1), null, 0, null),
            ["Centrum", "Söder"], Indicators.For(Kind)));

        public Task<ReportStatus> ReportAsync(ReportConcern report)
        {
            Reports.Add(report);
            return Task.FromResult(new ReportStatus(Guid.NewGuid(), "HEL-TEST", report.PlaceKind, report.Area, DateTimeOffset.UtcNow, PublicStatus.Received, DateTimeOffset.UtcNow));
        }
    }
}
