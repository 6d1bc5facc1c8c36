using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Grains.Live;

namespace Coordination.Silo.Tests.Live;

/// <summary>
/// Nobody receives what they may not see. Each proof sends the foreign change first and a change the client
/// may see second: deltas reach a connection in the order they were pushed, so once the second has arrived,
/// the first would have arrived too had it been sent.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class AudienceIsolationTests(HostFixture host)
{
    private static readonly string HotelAudience = Audiences.Organisation(Accounts.HotelOrganisation);

    [Fact]
    public async Task Partner_NeverHearsOfAnotherOrganisationsReport()
    {
        await using var hotel = await host.ConnectAsync(Accounts.Hotel());
        Assert.Equal([HotelAudience], hotel.Audiences);
        var before = await hotel.GetSnapshotAsync(HotelAudience);

        var taxiReport = await host.ReportAsync(Accounts.Taxi(), Reports.FromTaxi());
        var ownReport = await host.ReportAsync(Accounts.HotelAdmin());
        await hotel.Deltas.WaitForAsync(HotelAudience, "report.status", ownReport.Id);

        var received = hotel.Deltas.All;
        Assert.All(received, delta => Assert.Equal(HotelAudience, delta.Audience));
        Assert.DoesNotContain(received, delta => delta.ConcernId == taxiReport.Id);
        var news = Assert.Single(received, delta => delta.Sequence > before.Sequence);
        Assert.Equal(ownReport.Id, news.ConcernId);
    }

    [Fact]
    public async Task CoordinatorOfAnotherTenant_NeverHearsOfThisTenantsReports()
    {
        await using var testby = await host.ConnectAsync(Accounts.Coordinator(Accounts.ForeignTenant));

        var helsingborgReport = await host.ReportAsync(Accounts.Hotel());
        var testbyReport = await host.ReportAsync(Accounts.Hotel(Accounts.ForeignTenant));
        await testby.Deltas.WaitForAsync(Audiences.Coordinators, "concern.reported", testbyReport.Id);

        var received = testby.Deltas.All;
        Assert.DoesNotContain(received, delta => delta.ConcernId == helsingborgReport.Id);
        Assert.All(received, delta => Assert.Equal(testbyReport.Id, delta.ConcernId));
    }

    [Fact]
    public async Task CoordinatorOfAnotherTenant_CannotFindOrTouchThisTenantsConcern()
    {
        var report = await host.ReportAsync(Accounts.Hotel());
        using var testby = await host.CreateClientAsync(Accounts.Coordinator(Accounts.ForeignTenant));

        using var details = await testby.GetAsync($"/api/concerns/{report.Id}");
        using var status = await testby.GetAsync($"/api/concerns/{report.Id}/status");
        using var triage = await testby.PostAsync($"/api/concerns/{report.Id}/triage", null);
        var board = await testby.GetFromJsonAsync<JsonElement>("/api/board");

        Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, triage.StatusCode);
        Assert.DoesNotContain(report.Id, board.GetProperty("openConcerns").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        var unchanged = await coordinator.GetFromJsonAsync<Grains.Concerns.ReportStatus>($"/api/concerns/{report.Id}/status", HostFixture.Json);
        Assert.Equal(Grains.Concerns.PublicStatus.Received, unchanged!.Status);
    }
}
