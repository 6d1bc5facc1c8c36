using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>
/// Partner members report from their phones, workers on call read their concerns on theirs, and the coordinator on
/// call at night opens the board, the roster and a concern on one: each of these pages fits a phone's width (390 CSS
/// pixels) without the whole page scrolling sideways, with the language switch and sign-out on screen; a wide table
/// scrolls within itself.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class PhoneWidthTests(DashboardHost host)
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    // The outermost elements that reach past the screen's right edge, outside any region that scrolls by itself, to say
    // what to fix; and those positioned inside such a region against something outside it, which it does not clip.
    private const string ElementsPastTheEdge = """
        () => [...document.querySelectorAll('body *')]
            .filter(e => {
                if (e.getBoundingClientRect().right <= window.innerWidth + 1) return false;
                const region = e.parentElement.closest('.table-scroll');
                if (getComputedStyle(e).position === 'absolute') return !region || !region.contains(e.offsetParent);
                return e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1 && !region;
            })
            .slice(0, 5)
            .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`)
        """;

    [Theory]
    [InlineData("hotell", "/report", "sv")]
    [InlineData("hotell", "/reports", "en")]
    [InlineData("hotell", "/report", "en")]
    [InlineData("jour1", "/my", "sv")]
    [InlineData("jour1", "/my", "en")]
    [InlineData("samordnare", "/board", "sv")]
    [InlineData("samordnare", "/board", "en")]
    [InlineData("samordnare", "/oncall", "sv")]
    [InlineData("samordnare", "/oncall", "en")]
    public async Task PageFitsAPhoneScreen(string account, string path, string culture)
    {
        var page = await host.SignInAsync(account, culture, Phone);
        await DashboardHost.OpenAsync(page, path);
        // The board's and the roster's content comes with their live snapshot.
        if (path switch { "/board" => "live-status", "/oncall" => "on-shift-now", _ => null } is { } content)
        {
            await page.GetByTestId(content).WaitForAsync();
        }

        await AssertFitsAsync(page, path.Trim('/'), culture);
    }

    [Theory]
    [InlineData("sv")]
    [InlineData("en")]
    public async Task ConcernPageFitsAPhoneScreen(string culture)
    {
        // A concern of its own, reported by a hotel and opened by the coordinator on call.
        var id = await host.SeedConcernAsync();

        var page = await host.SignInAsync("samordnare", culture, Phone);
        await DashboardHost.OpenAsync(page, $"/concerns/{id}");
        await page.GetByTestId("timeline").WaitForAsync();
        await AssertFitsAsync(page, "concern", culture);
    }

    private static async Task AssertFitsAsync(IPage page, string name, string culture)
    {
        // Measured before the screenshot: a full-page screenshot lays the page out again at its whole height.
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var pastTheEdge = await page.EvaluateAsync<string[]>(ElementsPastTheEdge);
        await page.ScreenshotAsync(new()
        {
            Path = Path.Combine(DashboardHost.ArtifactsDirectory, $"phone-{name}-{culture}.png"), FullPage = true,
        });
        Assert.True(width <= Phone.Width,
            $"{name} ({culture}) is {width} px wide on a {Phone.Width} px screen: {string.Join(", ", pastTheEdge)}");
        await Assertions.Expect(page.Locator(".language-switch a[lang=en]")).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("form[action='account/logout'] button:visible")).ToBeInViewportAsync();
    }
}
