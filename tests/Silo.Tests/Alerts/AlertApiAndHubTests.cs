using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Grains.Alerts;
using Coordination.Grains.Live;
using Coordination.Silo.Tests.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coordination.Silo.Tests.Alerts;

[Collection(HostCollection.Name)]
public sealed class AlertApiAndHubTests(HostFixture host)
{
    private static readonly string HotelAudience = Audiences.Organisation(Accounts.HotelOrganisation);

    private async Task<AlertView> SendAsync(params string[] organisations)
    {
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        using var response = await coordinator.PostAsJsonAsync("/api/alerts", new
        {
            title = "Ökad risk på hotell i helgen",
            message = "Var uppmärksamma på tecknen.",
            severity = "Critical",
            organisationIds = organisations,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AlertView>(HostFixture.Json))!;
    }

    private static Func<RecordedDelta, bool> Is(string type, Guid alertId) => delta =>
        delta.Type == type && delta.Delta.Data.GetProperty("id").GetGuid() == alertId;

    [Fact]
    public async Task AddressedPartnersReceiveTheAlertLive_AndTheCoordinatorReceivesEachAcknowledgement()
    {
        await using var hotel = await host.ConnectAsync(Accounts.HotelAdmin());
        await using var coordinator = await host.ConnectAsync(Accounts.Coordinator());

        var alert = await SendAsync(Accounts.HotelOrganisation, Accounts.TaxiOrganisation);

        var received = await hotel.Deltas.WaitForAsync("the alert at the hotel", Is("alert.sent", alert.Id));
        Assert.Equal(HotelAudience, received.Audience);
        Assert.Equal("Critical", received.Delta.Data.GetProperty("severity").GetString());

        var answer = await hotel.Connection.InvokeAsync<AcknowledgementResult>("AcknowledgeAlert", alert.Id, "Vi är informerade.");
        Assert.False(answer.AlreadyAcknowledged);

        var acknowledged = await coordinator.Deltas.WaitForAsync("the acknowledgement on the board", Is("alert.acknowledged", alert.Id));
        var organisations = acknowledged.Delta.Data.GetProperty("organisations").EnumerateArray().ToList();
        var hotelProgress = organisations.Single(o => o.GetProperty("organisationId").GetString() == Accounts.HotelOrganisation);
        Assert.Equal("Vi är informerade.", hotelProgress.GetProperty("comment").GetString());
        Assert.Equal(JsonValueKind.Null, organisations.Single(o => o.GetProperty("organisationId").GetString() == Accounts.TaxiOrganisation)
            .GetProperty("acknowledgedAt").ValueKind);

        // A colleague's second click is answered with the first acknowledgement.
        using var colleague = await host.CreateClientAsync(Accounts.Hotel());
        using var again = await colleague.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { comment = "igen" });
        var second = await again.Content.ReadFromJsonAsync<AcknowledgementResult>(HostFixture.Json);
        Assert.True(second!.AlreadyAcknowledged);
        Assert.Equal("Vi är informerade.", second.Alert.Comment);
    }

    [Fact]
    public async Task AcknowledgingForAnotherOrganisation_IsRefusedAtApiAndHub()
    {
        var alert = await SendAsync(Accounts.HotelOrganisation);

        using var police = await host.CreateClientAsync(Accounts.Police());
        using var refused = await police.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { comment = "inte vårt" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await using var taxi = await host.ConnectAsync(Accounts.Taxi());
        await Assert.ThrowsAsync<HubException>(() => taxi.Connection.InvokeAsync<AcknowledgementResult>("AcknowledgeAlert", alert.Id, null));

        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        var progress = await coordinator.GetFromJsonAsync<AlertView>($"/api/alerts/{alert.Id}/progress", HostFixture.Json);
        Assert.Equal(0, progress!.Acknowledged);
    }

    [Fact]
    public async Task PartnersCannotSendAlerts_AndBadAlertsNameTheirFields()
    {
        using var hotel = await host.CreateClientAsync(Accounts.Hotel());
        using var forbidden = await hotel.PostAsJsonAsync("/api/alerts", new { title = "x", message = "y", severity = "Info", kinds = new[] { "Hotel" } });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        using var invalid = await coordinator.PostAsJsonAsync("/api/alerts", new { title = "", severity = "Loud", kinds = new[] { "Submarine" } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("title", fields);
        Assert.Contains("message", fields);
        Assert.Contains("severity", fields);
        Assert.Contains("kinds", fields);

        using var unknown = await coordinator.GetAsync($"/api/alerts/{Guid.NewGuid()}/progress");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
