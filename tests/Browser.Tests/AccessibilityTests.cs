using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>WCAG 2.1 AA: axe finds no serious or critical violation on the main pages, in Swedish and English.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AccessibilityTests(DashboardHost host)
{
    [Theory]
    [InlineData("sv")]
    [InlineData("en")]
    public async Task SignInPageHasNoSeriousViolations(string culture)
    {
        var context = await host.Browser.NewContextAsync(new() { BaseURL = host.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/culture/set?culture={culture}&redirectUri=%2Faccount%2Flogin");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        await Axe.AssertNoSeriousViolationsAsync(page, $"sign-in-{culture}");
    }

    [Theory]
    [InlineData("sv")]
    [InlineData("en")]
    public async Task ReportFormHasNoSeriousViolations(string culture)
    {
        var page = await host.SignInAsync("hotell", culture);
        await DashboardHost.OpenAsync(page, "/report");
        await page.GetByRole(AriaRole.Radio).First.CheckAsync();
        await Assertions.Expect(page.GetByTestId("call-112")).ToBeVisibleAsync();
        await Axe.AssertNoSeriousViolationsAsync(page, $"report-form-{culture}");
    }

    [Theory]
    [InlineData("sv")]
    [InlineData("en")]
    public async Task BoardAndConcernPageHaveNoSeriousViolations(string culture)
    {
        // A concern of its own to open, whichever tests ran before.
        await host.SeedConcernAsync();

        var hotel = await host.SignInAsync("hotell2", culture);
        await DashboardHost.OpenAsync(hotel, "/reports");
        var coordinator = await host.SignInAsync("samordnare.ngo", culture);
        await DashboardHost.OpenAsync(coordinator, "/board");
        await Assertions.Expect(coordinator.GetByTestId("live-status")).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.GetByTestId("acknowledgement-times")).ToBeVisibleAsync();
        await Axe.AssertNoSeriousViolationsAsync(coordinator, $"board-{culture}");
        await Axe.AssertNoSeriousViolationsAsync(hotel, $"our-reports-{culture}");

        await coordinator.GetByTestId("open-concerns").Locator("tbody a").First.ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("timeline")).ToBeVisibleAsync();
        await Axe.AssertNoSeriousViolationsAsync(coordinator, $"concern-{culture}");
    }
}
