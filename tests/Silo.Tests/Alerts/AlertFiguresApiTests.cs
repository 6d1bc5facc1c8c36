using System.Net;
using System.Net.Http.Json;
using Coordination.Grains.Alerts;
using Coordination.Grains.Partners;
using Coordination.Silo.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Silo.Tests.Alerts;

[Collection(HostCollection.Name)]
public sealed class AlertFiguresApiTests(HostFixture host)
{
    [Fact]
    public async Task Figures_CountOpenAlertsAndWhoHasNotAcknowledged_AndTimeEachAcknowledgement()
    {
        // A tenant of its own, so that every figure counts from zero.
        var tenant = await SeedTenantAsync();
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator(tenant));
        using var sending = await coordinator.PostAsJsonAsync("/api/alerts", new
        {
            title = "Ökad risk på hotell i helgen",
            message = "Var uppmärksamma på tecknen.",
            severity = "Warning",
            organisationIds = new[] { Accounts.HotelOrganisation, Accounts.TaxiOrganisation },
        });
        Assert.Equal(HttpStatusCode.Created, sending.StatusCode);
        var alert = (await sending.Content.ReadFromJsonAsync<AlertView>(HostFixture.Json))!;
        using var hotel = await host.CreateClientAsync(Accounts.Hotel(tenant));
        using var acknowledging = await hotel.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { comment = "Vi håller utkik." });
        acknowledging.EnsureSuccessStatusCode();
        var acknowledgedAt = (await acknowledging.Content.ReadFromJsonAsync<AcknowledgementResult>(HostFixture.Json))!.Alert.AcknowledgedAt!.Value;

        var figures = (await coordinator.GetFromJsonAsync<AlertFigures>("/api/alerts/figures", HostFixture.Json))!;

        Assert.Equal((1, 1), (figures.OpenAlerts, figures.UnacknowledgedOrganisations));
        var hotelFigures = figures.ByOrganisation.Single(o => o.OrganisationId == Accounts.HotelOrganisation);
        var taxiFigures = figures.ByOrganisation.Single(o => o.OrganisationId == Accounts.TaxiOrganisation);
        Assert.Equal((0, 1), (hotelFigures.Awaiting, hotelFigures.Acknowledged));
        // Stored to the millisecond.
        Assert.Equal((acknowledgedAt - alert.SentAt).TotalMilliseconds, hotelFigures.MeanTimeToAcknowledge!.Value.TotalMilliseconds, 1.0);
        Assert.Equal((1, 0, (TimeSpan?)null), (taxiFigures.Awaiting, taxiFigures.Acknowledged, taxiFigures.MeanTimeToAcknowledge));
        var hotels = figures.ByKind.Single(k => k.Kind == PartnerKind.Hotel);
        Assert.Equal((1, hotelFigures.MeanTimeToAcknowledge), (hotels.Acknowledged, hotels.MeanTimeToAcknowledge));
        Assert.Equal(0, figures.ByKind.Single(k => k.Kind == PartnerKind.TaxiCompany).Acknowledged);
        Assert.All(figures.ByOrganisation.Where(o => o.OrganisationId is not Accounts.HotelOrganisation and not Accounts.TaxiOrganisation),
            o => Assert.Equal((0, 0), (o.Awaiting, o.Acknowledged)));
    }

    [Fact]
    public async Task OnlyCoordinatorsReadTheFigures()
    {
        using var hotel = await host.CreateClientAsync(Accounts.Hotel());
        using var forbidden = await hotel.GetAsync("/api/alerts/figures");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var worker = await host.CreateClientAsync(Accounts.SocialWorker());
        using var alsoForbidden = await worker.GetAsync("/api/alerts/figures");
        Assert.Equal(HttpStatusCode.Forbidden, alsoForbidden.StatusCode);
    }

    private async Task<string> SeedTenantAsync()
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(DemoData.For(tenant, "Prövstad"));
        return tenant;
    }
}
