using System.Net.Http.Json;
using Coordination.Grains.Live;

namespace Coordination.Silo.Tests.Live;

[Collection(HostCollection.Name)]
public sealed class LiveDeltaTests(HostFixture host)
{
    private static readonly string HotelAudience = Audiences.Organisation(Accounts.HotelOrganisation);

    [Fact]
    public async Task HotelReport_AppearsOnTheCoordinatorsBoardLive_WithoutWhatTheReporterWrote()
    {
        await using var coordinator = await host.ConnectAsync(Accounts.Coordinator());

        var report = await host.ReportAsync(Accounts.Hotel(),
            Reports.FromHotel(area: "Tågaborg", urgency: "Urgent", freeText: "Room 12: a man keeps the guests' passports."));

        var delta = await coordinator.Deltas.WaitForAsync(Audiences.Coordinators, "concern.reported", report.Id);
        var concern = delta.Delta.Data.GetProperty("concern");
        Assert.Equal(report.Reference, concern.GetProperty("reference").GetString());
        Assert.Equal("Reported", concern.GetProperty("status").GetString());
        Assert.Equal("Urgent", concern.GetProperty("urgency").GetString());
        Assert.Equal("Tågaborg", concern.GetProperty("area").GetString());
        Assert.Equal(Accounts.HotelOrganisation, concern.GetProperty("reportedByOrganisation").GetString());
        Assert.Equal(2, concern.GetProperty("indicatorCount").GetInt32());
        Assert.DoesNotContain("passports", delta.Delta.Data.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HotelReport_ShowsItsStatusToTheHotelsColleaguesLive()
    {
        await using var colleague = await host.ConnectAsync(Accounts.HotelAdmin());

        var report = await host.ReportAsync(Accounts.Hotel());

        var delta = await colleague.Deltas.WaitForAsync(HotelAudience, "report.status", report.Id);
        Assert.Equal("Received", delta.Delta.Data.GetProperty("status").GetString());
        Assert.Equal(report.Reference, delta.Delta.Data.GetProperty("reference").GetString());
    }

    [Fact]
    public async Task Triage_TurnsTheReportersStatusToBeingHandledLive()
    {
        await using var hotel = await host.ConnectAsync(Accounts.Hotel());
        var report = await host.ReportAsync(Accounts.Hotel());
        await hotel.Deltas.WaitForAsync(HotelAudience, "report.status", report.Id);

        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        using var triaged = await coordinator.PostAsync($"/api/concerns/{report.Id}/triage", null);
        triaged.EnsureSuccessStatusCode();

        await hotel.Deltas.WaitForAsync("BeingHandled for the hotel", delta =>
            delta.Type == "report.status" && delta.ConcernId == report.Id && delta.Delta.Data.GetProperty("status").GetString() == "BeingHandled");
        var status = await coordinator.GetFromJsonAsync<Grains.Concerns.ReportStatus>($"/api/concerns/{report.Id}/status", HostFixture.Json);
        Assert.Equal(Grains.Concerns.PublicStatus.BeingHandled, status!.Status);
    }
}
