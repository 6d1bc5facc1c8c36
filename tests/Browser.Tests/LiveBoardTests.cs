using System.Globalization;
using Coordination.Grains;
using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;
using Coordination.Grains.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

[Collection(DashboardCollection.Name)]
public sealed class LiveBoardTests(DashboardHost host)
{
    [Fact]
    public async Task BoardOpenPastTheListenerExpiryStillReceivesChanges()
    {
        var coordinator = await host.SignInAsync("samordnare");
        await DashboardHost.OpenAsync(coordinator, "/board");
        await Assertions.Expect(coordinator.GetByTestId("live-status")).ToBeVisibleAsync();

        // Renewals come every quarter of the expiry: six of them span more than one whole expiry period.
        await host.WaitForListenerRenewalsAsync(6).WaitAsync(TimeSpan.FromSeconds(60));

        var status = await ReportAsHotelAsync("Råå");
        var row = coordinator.GetByTestId("open-concerns").Locator("tr", new() { HasText = status.Reference });
        await Assertions.Expect(row).ToContainTextAsync("Råå");
    }

    [Fact]
    public async Task BoardCatchesUpAfterADroppedConnectionWithoutReload()
    {
        var coordinator = await host.SignInAsync("samordnare");
        await DashboardHost.OpenAsync(coordinator, "/board");
        await Assertions.Expect(coordinator.GetByTestId("live-status")).ToBeVisibleAsync();
        var reloaded = false;
        coordinator.Load += (_, _) => reloaded = true;

        // Drop the circuit's connection the way Blazor's own end-to-end tests do; Blazor then reconnects by itself.
        await coordinator.EvaluateAsync("() => Blazor._internal.forceCloseConnection()");
        var status = await ReportAsHotelAsync("Kattarp");

        var row = coordinator.GetByTestId("open-concerns").Locator("tr", new() { HasText = status.Reference });
        await Assertions.Expect(row).ToContainTextAsync("Kattarp");
        Assert.False(reloaded, "The board must catch up over the reconnected circuit, not by reloading the page.");
    }

    [Fact]
    public async Task AnAcknowledgementReachesThePartnerListWithoutReload()
    {
        var coordinator = await host.SignInAsync("samordnare");
        await DashboardHost.OpenAsync(coordinator, "/board");
        await Assertions.Expect(coordinator.GetByTestId("acknowledgement-times")).ToBeVisibleAsync();
        // Columns after the name: kind, unacknowledged alerts, time to acknowledge, acknowledgements.
        var healthcare = coordinator.GetByTestId("partner-organisations").Locator("tr[data-organisation='vardcentralen'] td");
        var awaiting = int.Parse(await healthcare.Nth(1).InnerTextAsync(), CultureInfo.InvariantCulture);
        var acknowledged = int.Parse(await healthcare.Nth(3).InnerTextAsync(), CultureInfo.InvariantCulture);

        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var alert = grains.GetGrain<IAlertGrain>(GrainKeys.For("helsingborg", Guid.NewGuid()));
        await alert.Send(new Caller("helsingborg", "browser-test-coordinator", "socialtjansten", CallerRoles.Coordinator),
            new AlertDraft("Ökad risk i centrum", "Var uppmärksamma på tecknen.", AlertSeverity.Info, [], [], ["vardcentralen"], null));
        await Assertions.Expect(healthcare.Nth(1)).ToHaveTextAsync($"{awaiting + 1}");

        await alert.Acknowledge(new Caller("helsingborg", "browser-test-nurse", "vardcentralen", CallerRoles.PartnerMember), "Vera", null);
        await Assertions.Expect(healthcare.Nth(1)).ToHaveTextAsync($"{awaiting}");
        await Assertions.Expect(healthcare.Nth(3)).ToHaveTextAsync($"{acknowledged + 1}");
        await Assertions.Expect(healthcare.Nth(2)).Not.ToContainTextAsync("Inga kvitteringar");
    }

    private async Task<ReportStatus> ReportAsHotelAsync(string area)
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var hotelMember = new Caller("helsingborg", "browser-test-member", "hotell-exempelgarden", CallerRoles.PartnerMember);
        return await grains.GetGrain<IConcernGrain>(GrainKeys.For("helsingborg", Guid.NewGuid())).Report(hotelMember,
            new ReportConcern(PlaceKind.Hotel, area, DateTimeOffset.UtcNow.AddMinutes(-10), ["no-luggage"], null, Urgency.Normal));
    }
}
