using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

[Collection(DashboardCollection.Name)]
public sealed class AlertFlowTests(DashboardHost host)
{
    [Fact]
    public async Task PartnersSeeTheAlertAtOnceAndTheSenderSeesEachAcknowledgementLive()
    {
        var hotel = await host.SignInAsync("hotell");
        await DashboardHost.OpenAsync(hotel, "/reports");
        var otherHotel = await host.SignInAsync("hotell2");
        await DashboardHost.OpenAsync(otherHotel, "/reports");

        var coordinator = await host.SignInAsync("samordnare");
        await DashboardHost.OpenAsync(coordinator, "/alerts/new");
        await coordinator.GetByTestId("alert-title").FillAsync("Ökad risk på hotell i centrum i helgen");
        await coordinator.GetByTestId("alert-message").FillAsync("Var extra uppmärksamma på tecknen i checklistan.");
        await coordinator.GetByTestId("alert-organisations").ClickAsync();
        await coordinator.GetByRole(AriaRole.Option, new() { Name = "Hotell Exempelgården" }).ClickAsync();
        await coordinator.GetByRole(AriaRole.Option, new() { Name = "Sundsutsikten Demohotell" }).ClickAsync();
        // A click outside the open list closes it, as a person would.
        await coordinator.GetByRole(AriaRole.Heading, new() { Name = "Nytt larm", Level = 1 }).ClickAsync(new() { Force = true });
        await Assertions.Expect(coordinator.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await Assertions.Expect(coordinator.GetByTestId("alert-reach")).ToContainTextAsync("2 organisationer");
        await coordinator.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, "alert-compose.png"), FullPage = true });
        await coordinator.GetByTestId("send-alert").ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("acknowledged-count")).ToHaveTextAsync("0 av 2 kvitterade");

        // Both partners get the banner on the page they have open, without reload.
        var banner = hotel.GetByTestId("alert-banner");
        await Assertions.Expect(banner).ToContainTextAsync("Ökad risk på hotell i centrum i helgen");
        await Assertions.Expect(otherHotel.GetByTestId("alert-banner")).ToContainTextAsync("Ökad risk på hotell i centrum i helgen");
        await hotel.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, "alert-banner.png"), FullPage = true });

        await banner.GetByTestId("banner-acknowledge").ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("acknowledged-count")).ToHaveTextAsync("1 av 2 kvitterade");
        await Assertions.Expect(coordinator.GetByTestId("alert-organisations-progress")).ToContainTextAsync("Hanna Receptionsson");
        await Assertions.Expect(banner).Not.ToContainTextAsync("Ökad risk");
        await coordinator.ScreenshotAsync(new() { Path = Path.Combine(DashboardHost.ArtifactsDirectory, "alert-progress.png"), FullPage = true });

        // The other hotel has not acknowledged: its banner stays until it does.
        await Assertions.Expect(otherHotel.GetByTestId("alert-banner")).ToContainTextAsync("Ökad risk på hotell i centrum i helgen");
        await DashboardHost.OpenAsync(otherHotel, "/alerts");
        await Assertions.Expect(otherHotel.GetByTestId("inbox-alert")).ToContainTextAsync("Var extra uppmärksamma");
        await Axe.AssertNoSeriousViolationsAsync(otherHotel, "alert-inbox-sv");
        await Axe.AssertNoSeriousViolationsAsync(coordinator, "alert-progress-sv");
    }
}
