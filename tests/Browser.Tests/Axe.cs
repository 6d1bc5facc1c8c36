using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>WCAG 2.1 AA checks with axe; every checked page is also kept as a screenshot.</summary>
public static class Axe
{
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string name)
    {
        // Judge the page, not a notification fading out over it: snackbars leave on their own after a few seconds.
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        // Judge colours as people see them, not halfway through a fade-in (axe would blend the colours).
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, $"{name}.png"), FullPage = true });
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name}: " + string.Join("\n", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }
}
