using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

[Collection(DashboardCollection.Name)]
public sealed partial class OnCallFlowTests(DashboardHost host)
{
    /// <summary>The demo workers' accounts by display name.</summary>
    private static readonly Dictionary<string, string> Workers = new()
    {
        ["Jonna Jourström"] = "jour1",
        ["Jakob Jourlund"] = "jour2",
        ["Jelena Jourdahl"] = "jour3",
    };

    [Fact]
    public async Task TriagedConcernIsAssignedLiveAcceptedAndReassignedWhileEveryoneWatches()
    {
        // Every worker has their own list open before anything happens: the assignment must arrive without reload.
        var workers = new Dictionary<string, IPage>();
        foreach (var (name, account) in Workers)
        {
            workers[name] = await host.SignInAsync(account);
            await DashboardHost.OpenAsync(workers[name], "/my");
        }

        var coordinator = await host.SignInAsync("samordnare");
        await DashboardHost.OpenAsync(coordinator, "/board");
        var hotel = await host.SignInAsync("hotell");
        var reference = await ReportAsync(hotel);
        var hotelRow = hotel.GetByTestId("my-reports").Locator("tbody tr", new() { HasText = reference });

        // The coordinator triages on a second tab; the board stays open on the first.
        var concernPage = await coordinator.Context.NewPageAsync();
        var boardRow = coordinator.GetByTestId("open-concerns").Locator("tr", new() { HasText = reference });
        await Assertions.Expect(boardRow).ToBeVisibleAsync();
        var href = await boardRow.GetByRole(AriaRole.Link, new() { Name = reference }).GetAttributeAsync("href");
        await DashboardHost.OpenAsync(concernPage, "/" + href!.TrimStart('/'));
        await concernPage.GetByTestId("mark-triaged").ClickAsync();

        // Assigned automatically to one of the workers on shift; everyone's screen shows it.
        var assignedTo = concernPage.GetByTestId("assigned-to");
        await Assertions.Expect(assignedTo).ToContainTextAsync("Handläggs av");
        var assignedText = await assignedTo.InnerTextAsync();
        var first = Workers.Keys.Single(name => assignedText.Contains(name, StringComparison.Ordinal));
        await Assertions.Expect(boardRow).ToContainTextAsync(first);
        await Assertions.Expect(boardRow).ToContainTextAsync("Tilldelat");
        await Assertions.Expect(hotelRow).ToContainTextAsync("Under handläggning");
        var firstWorker = workers[first];
        var offered = firstWorker.GetByTestId("my-concern").Filter(new() { HasText = reference });
        await Assertions.Expect(offered).ToContainTextAsync("Tilldelat");
        // Rendered from a live delta, yet in the worker's language: Swedish month names are lower case.
        await Assertions.Expect(offered).ToContainTextAsync(SwedishDate());
        await Assertions.Expect(firstWorker.GetByTestId("assignment-banner")).ToContainTextAsync("väntar på ditt svar");
        await firstWorker.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, "my-concerns.png"), FullPage = true });

        await offered.GetByTestId("accept").ClickAsync();
        await Assertions.Expect(offered).ToContainTextAsync("Accepterat");
        await Assertions.Expect(boardRow).ToContainTextAsync("Accepterat");
        await Assertions.Expect(hotelRow).ToContainTextAsync("Under handläggning");
        await coordinator.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, "board-on-call.png"), FullPage = true });

        // The worker opens the details; the coordinator then gives the concern to someone else.
        await offered.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await Assertions.Expect(firstWorker.GetByTestId("timeline")).ToContainTextAsync("accepterades");
        await Assertions.Expect(firstWorker.GetByTestId("handling")).ToBeVisibleAsync();
        await firstWorker.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, "concern-worker.png"), FullPage = true });
        await Axe.AssertNoSeriousViolationsAsync(firstWorker, "concern-worker-sv");

        var second = Workers.Keys.First(name => name != first);
        await concernPage.GetByTestId("worker-select").ClickAsync();
        await concernPage.Locator(".mud-popover-open .mud-list-item", new() { HasText = second }).ClickAsync();
        await concernPage.GetByRole(AriaRole.Button, new() { Name = "Tilldela vald" }).ClickAsync();
        await Assertions.Expect(assignedTo).ToContainTextAsync(second);

        // The first worker's open page loses the details at once; the second worker has it in their list.
        await Assertions.Expect(firstWorker.GetByTestId("revoked")).ToBeVisibleAsync();
        await Assertions.Expect(firstWorker.GetByTestId("timeline")).ToHaveCountAsync(0);
        await Assertions.Expect(workers[second].GetByTestId("my-concern").Filter(new() { HasText = reference })).ToContainTextAsync("Tilldelat");
        await Assertions.Expect(boardRow).ToContainTextAsync(second);
        await Axe.AssertNoSeriousViolationsAsync(workers[second], "my-concerns-sv");
    }

    [Fact]
    public async Task RosterShowsWhoIsOnShiftAndTheComingWeeksInBothLanguages()
    {
        foreach (var culture in new[] { "sv", "en" })
        {
            var coordinator = await host.SignInAsync("samordnare", culture);
            await DashboardHost.OpenAsync(coordinator, "/oncall");
            await Assertions.Expect(coordinator.GetByTestId("on-shift-now").Locator("tbody tr")).ToHaveCountAsync(2);
            await Assertions.Expect(coordinator.GetByTestId("calendar").Locator("tbody tr")).ToHaveCountAsync(28);
            await Assertions.Expect(coordinator.GetByTestId("calendar")).ToContainTextAsync(culture == "sv" ? "Primärjour" : "Bakjour");
            await coordinator.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, $"roster-{culture}.png"), FullPage = true });
            await Axe.AssertNoSeriousViolationsAsync(coordinator, $"roster-{culture}");
        }
    }

    /// <summary>The hotel reports an urgent concern through the form and reads its reference from "our reports".</summary>
    private static async Task<string> ReportAsync(IPage hotel)
    {
        await DashboardHost.OpenAsync(hotel, "/report");
        await hotel.GetByRole(AriaRole.Radio, new() { Name = "Brådskande" }).CheckAsync();
        await hotel.GetByTestId("place-kind").ClickAsync();
        await hotel.GetByRole(AriaRole.Option, new() { Name = "Hotell" }).ClickAsync();
        await hotel.GetByTestId("area").ClickAsync();
        await hotel.GetByRole(AriaRole.Option, new() { Name = "Centrum" }).ClickAsync();
        await hotel.GetByLabel("Inget bagage").CheckAsync();
        await hotel.GetByRole(AriaRole.Button, new() { Name = "Skicka rapport" }).ClickAsync();
        await hotel.WaitForURLAsync("**/reports");
        var row = hotel.GetByTestId("my-reports").Locator("tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("Mottagen");
        return ReferencePattern().Match(await row.InnerTextAsync()).Value;
    }

    [GeneratedRegex(@"Rapporterad \d{1,2} [a-zåäö]{3}")]
    private static partial Regex SwedishDate();

    [GeneratedRegex("[A-Z]{3}-[0-9A-F]{8}")]
    private static partial Regex ReferencePattern();
}
