using Coordination.Grains.Concerns;
using Coordination.Grains.Security;

namespace Coordination.Grains.Tests.Concerns;

[Collection(ClusterCollection.Name)]
public sealed class ReportValidationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task UnknownArea_IsRejected_NamingTheArea()
    {
        await AssertRejectedAsync(Reports.FromHotel(fixture.Clock, area: "Atlantis"), "area");
    }

    [Fact]
    public async Task IndicatorNotOnTheReportersChecklist_IsRejected()
    {
        // A hotel receptionist's checklist has no taxi signs.
        var report = Reports.FromHotel(fixture.Clock) with { Indicators = ["many-visitors-one-room", "hidden-entrance-drop-off"] };

        await AssertRejectedAsync(report, "indicators");
    }

    [Fact]
    public async Task ObservedInTheFuture_IsRejected()
    {
        var report = Reports.FromHotel(fixture.Clock) with { ObservedAt = fixture.Clock.GetUtcNow().AddHours(1) };

        await AssertRejectedAsync(report, "observedAt");
    }

    [Fact]
    public async Task ObservedMoreThanAYearAgo_IsRejected()
    {
        var report = Reports.FromHotel(fixture.Clock) with { ObservedAt = fixture.Clock.GetUtcNow().AddDays(-366) };

        await AssertRejectedAsync(report, "observedAt");
    }

    [Fact]
    public async Task SameIndicatorTickedTwice_IsRejected()
    {
        var report = Reports.FromHotel(fixture.Clock) with { Indicators = ["no-luggage", "no-luggage"] };

        await AssertRejectedAsync(report, "indicators");
    }

    [Fact]
    public async Task NoIndicatorsAndNoText_IsRejected()
    {
        var report = Reports.FromHotel(fixture.Clock) with { Indicators = [], FreeText = "   " };

        await AssertRejectedAsync(report, "indicators");
    }

    [Fact]
    public async Task TextAlone_OrCommonSignsAlone_IsEnough()
    {
        var textOnly = Guid.NewGuid();
        var commonSigns = Guid.NewGuid();

        await fixture.Concern(textOnly).Report(People.TaxiMember(), Reports.FromTaxi(fixture.Clock) with { Indicators = [], FreeText = "Passenger asked where she was." });
        await fixture.Concern(commonSigns).Report(People.TaxiMember(), Reports.FromTaxi(fixture.Clock) with { Indicators = ["fear", "does-not-know-location"] });

        Assert.Equal(PublicStatus.Received, (await fixture.Concern(textOnly).GetStatus(People.TaxiMember())).Status);
        Assert.Equal(PublicStatus.Received, (await fixture.Concern(commonSigns).GetStatus(People.TaxiMember())).Status);
    }

    private async Task AssertRejectedAsync(ReportConcern report, string field)
    {
        var concern = fixture.Concern(Guid.NewGuid());

        var error = await Assert.ThrowsAsync<ValidationException>(() => concern.Report(People.HotelMember(), report));

        Assert.Equal(field, error.Field);
        // Nothing was stored: the reporter's organisation has no such concern.
        await Assert.ThrowsAsync<NotFoundException>(() => concern.GetStatus(People.HotelMember()));
    }
}
