using System.Globalization;
using AngleSharp.Html.Parser;
using Coordination.Dashboard.Components.Pages.Board;
using Coordination.Dashboard.Services;
using Coordination.Grains.Concerns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Coordination.Dashboard.Tests;

/// <summary>The board's rows are strings of markup: what partners wrote must show as text, never as markup.</summary>
public sealed class BoardMarkupTests
{
    private const string Hostile = "<img src=x onerror=alert(1)> \"Ö&Å\" 'x'";

    private static readonly IStringLocalizer Localizer = new ServiceCollection()
        .AddLogging()
        .AddLocalization(options => options.ResourcesPath = "Resources")
        .BuildServiceProvider()
        .GetRequiredService<IStringLocalizer<Strings>>();

    [Fact]
    public void ConcernRowShowsPartnerTextAsText()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("sv");
        var now = DateTimeOffset.UtcNow;
        var concern = new ConcernSummary(Guid.NewGuid(), Hostile, ConcernStatus.Assigned, Urgency.ImmediateDanger, PlaceKind.Hotel, Hostile,
            "org", now, now, now, 1) { AssignedTo = "worker", DueStage = ConcernStage.Acceptance, DueAt = now.AddMinutes(5) };

        var row = Parse($"<table><tbody><tr>{BoardMarkup.ConcernRow(Localizer, concern, Hostile, Hostile, now)}</tr></tbody></table>");

        Assert.Empty(row.QuerySelectorAll("img"));
        Assert.Equal(Hostile, row.QuerySelector("a")!.TextContent);
        Assert.All(row.QuerySelectorAll(".board-caption:not(.board-assignee)"), caption => Assert.Equal(Hostile, caption.TextContent));
        Assert.Equal(" " + Hostile, row.QuerySelector("[data-testid=assignee]")!.TextContent);
        Assert.Equal("Akut fara", row.QuerySelectorAll(".mud-chip-content")[1].TextContent);
        Assert.NotNull(row.QuerySelector("[data-testid=deadline]"));
    }

    [Fact]
    public void ActivityLineShowsPartnerTextAsText()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var now = DateTimeOffset.UtcNow;
        var concern = new ConcernSummary(Guid.NewGuid(), Hostile, ConcernStatus.Reported, Urgency.Normal, PlaceKind.Hotel, Hostile, "org", now, now, now, 1);

        var line = Parse($"<ul><li>{BoardMarkup.ActivityLine(Localizer, new ActivityItem(1, "concern.reported", now, concern, null), Hostile)}</li></ul>");

        Assert.Empty(line.QuerySelectorAll("img"));
        Assert.Equal(Hostile, line.QuerySelector("b")!.TextContent);
        Assert.EndsWith($" ({Hostile})", line.QuerySelector("p")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith(Hostile + " · ", line.QuerySelector(".mud-typography-caption")!.TextContent, StringComparison.Ordinal);
    }

    private static AngleSharp.Dom.IElement Parse(string html) => new HtmlParser().ParseDocument(html).Body!;
}
