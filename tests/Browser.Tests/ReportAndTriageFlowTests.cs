using Coordination.Grains;
using Coordination.Grains.Concerns;
using Coordination.Grains.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

[Collection(DashboardCollection.Name)]
public sealed class ReportAndTriageFlowTests(DashboardHost host)
{
    [Fact]
    public async Task HotelReportAppearsOnTheBoardAndTriageShowsAsBeingHandledWithoutReload()
    {
        await SeedOtherPartnersReportsAsync();
        var coordinator = await host.SignInAsync("samordnare");
        await DashboardHost.OpenAsync(coordinator, "/board");
        await Assertions.Expect(coordinator.GetByTestId("live-status")).ToBeVisibleAsync();

        var hotel = await host.SignInAsync("hotell");
        await DashboardHost.OpenAsync(hotel, "/report");
        await hotel.GetByRole(AriaRole.Radio, new() { Name = "Brådskande" }).CheckAsync();
        await hotel.GetByTestId("place-kind").ClickAsync();
        await hotel.GetByRole(AriaRole.Option, new() { Name = "Hotell" }).ClickAsync();
        await hotel.GetByTestId("area").ClickAsync();
        await hotel.GetByRole(AriaRole.Option, new() { Name = "Söder" }).ClickAsync();
        await hotel.GetByLabel("Inget bagage").CheckAsync();
        await hotel.GetByLabel("Många besökare till ett rum").CheckAsync();
        await hotel.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, "report-form.png"), FullPage = true });
        await hotel.GetByRole(AriaRole.Button, new() { Name = "Skicka rapport" }).ClickAsync();

        await hotel.WaitForURLAsync("**/reports");
        var row = hotel.GetByTestId("my-reports").Locator("tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("Mottagen");
        var reference = (await row.Locator("td").First.InnerTextAsync()).Trim();

        var boardRow = coordinator.GetByTestId("open-concerns").Locator("tr", new() { HasText = reference });
        await Assertions.Expect(boardRow).ToBeVisibleAsync();
        await Assertions.Expect(boardRow).ToContainTextAsync("Söder");
        await Assertions.Expect(boardRow).ToContainTextAsync("Brådskande");
        await coordinator.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, "board.png"), FullPage = true });

        await boardRow.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("timeline")).ToContainTextAsync("rapporterades");
        await coordinator.GetByTestId("mark-triaged").ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("timeline")).ToContainTextAsync("bedömdes");
        await coordinator.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, "concern.png"), FullPage = true });

        await Assertions.Expect(row).ToContainTextAsync("Under handläggning");
    }

    /// <summary>Other partners' reports, so that the board looks like a working day and the hotel's row must be found among them.</summary>
    private async Task SeedOtherPartnersReportsAsync()
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var taxi = new Caller("helsingborg", "seed-taxi", "taxi-fiktiva", CallerRoles.PartnerMember);
        var property = new Caller("helsingborg", "seed-property", "fastighet-pahittet", CallerRoles.PartnerMember);
        var police = new Caller("helsingborg", "seed-police", "polisen", CallerRoles.PartnerMember);
        var now = DateTimeOffset.UtcNow;
        (Caller Who, PlaceKind Place, string Area, string Sign, Urgency Urgency)[] reports =
        [
            (taxi, PlaceKind.Vehicle, "Centrum", "night-trips-hotels-apartments", Urgency.Normal),
            (property, PlaceKind.Apartment, "Drottninghög", "many-short-visits", Urgency.Urgent),
            (property, PlaceKind.Apartment, "Dalhem", "overcrowding", Urgency.Normal),
            (police, PlaceKind.Street, "Centrum", "signs-of-control", Urgency.ImmediateDanger),
            (taxi, PlaceKind.Vehicle, "Norr", "does-not-know-address", Urgency.Normal),
        ];
        foreach (var (who, place, area, sign, urgency) in reports)
        {
            await grains.GetGrain<IConcernGrain>(GrainKeys.For("helsingborg", Guid.NewGuid()))
                .Report(who, new ReportConcern(place, area, now.AddHours(-2), [sign], null, urgency));
        }
    }
}
