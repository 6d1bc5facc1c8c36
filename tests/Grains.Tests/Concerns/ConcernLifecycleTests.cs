using Coordination.Grains.Concerns;
using Coordination.Grains.Security;

namespace Coordination.Grains.Tests.Concerns;

[Collection(ClusterCollection.Name)]
public sealed class ConcernLifecycleTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PartnerMemberReport_IsReceived_WithWhatWasReported()
    {
        var id = Guid.NewGuid();
        var report = Reports.FromHotel(fixture.Clock, urgency: Urgency.Urgent, freeText: "  Someone keeps watch in the lobby.  ");

        var status = await fixture.Concern(id).Report(People.HotelMember(), report);

        Assert.Equal(id, status.Id);
        Assert.Equal(PublicStatus.Received, status.Status);
        Assert.Equal($"HEL-{id.ToString("N")[..8].ToUpperInvariant()}", status.Reference);
        Assert.Equal(PlaceKind.Hotel, status.PlaceKind);
        Assert.Equal("Centrum", status.Area);
        Assert.Equal(fixture.Clock.GetUtcNow(), status.ReportedAt);

        var details = await fixture.Concern(id).GetDetails(People.Coordinator());
        Assert.Equal(ConcernStatus.Reported, details.Summary.Status);
        Assert.Equal(Urgency.Urgent, details.Summary.Urgency);
        Assert.Equal("hotell-exempelgarden", details.Summary.ReportedByOrganisation);
        Assert.Equal(report.ObservedAt, details.Summary.ObservedAt);
        Assert.Equal(3, details.Summary.IndicatorCount);
        Assert.Equal(report.Indicators, details.Indicators);
        Assert.Equal("Someone keeps watch in the lobby.", details.FreeText);
        Assert.Null(details.Outcome);
    }

    [Fact]
    public async Task MarkTriaged_MovesTheConcernOn_AndTheReporterSeesBeingHandled()
    {
        var id = Guid.NewGuid();
        await fixture.Concern(id).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));
        fixture.Clock.Advance(TimeSpan.FromMinutes(7));

        var summary = await fixture.Concern(id).MarkTriaged(People.Coordinator());

        Assert.Equal(ConcernStatus.Triaged, summary.Status);
        Assert.Equal(fixture.Clock.GetUtcNow(), summary.UpdatedAt);
        var seenByReporter = await fixture.Concern(id).GetStatus(People.HotelMember());
        Assert.Equal(PublicStatus.BeingHandled, seenByReporter.Status);
        Assert.Equal(fixture.Clock.GetUtcNow(), seenByReporter.UpdatedAt);
    }

    [Fact]
    public async Task TriagingTwice_IsRejected()
    {
        var id = Guid.NewGuid();
        await fixture.Concern(id).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));
        await fixture.Concern(id).MarkTriaged(People.Coordinator());

        await Assert.ThrowsAsync<ConflictException>(() => fixture.Concern(id).MarkTriaged(People.NgoCoordinator()));

        Assert.Equal(ConcernStatus.Triaged, (await fixture.Concern(id).GetDetails(People.Coordinator())).Summary.Status);
    }

    [Fact]
    public async Task ClosingAsUnfounded_ClosesTheConcern_AndNothingFurtherIsAllowed()
    {
        var id = Guid.NewGuid();
        var concern = fixture.Concern(id);
        await concern.Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));

        var closed = await concern.CloseAsUnfounded(People.Coordinator(), "  Guests were a family reunion.  ");

        Assert.Equal(ConcernStatus.Closed, closed.Status);
        Assert.False(closed.IsOpen);
        Assert.Equal(ClosureOutcome.Unfounded, (await concern.GetDetails(People.Coordinator())).Outcome);
        Assert.Equal(PublicStatus.Closed, (await concern.GetStatus(People.HotelMember())).Status);

        await Assert.ThrowsAsync<ConflictException>(() => concern.MarkTriaged(People.Coordinator()));
        await Assert.ThrowsAsync<ConflictException>(() => concern.CloseAsUnfounded(People.Coordinator(), null));
        await Assert.ThrowsAsync<ConflictException>(() => concern.ConfirmUrgency(People.Coordinator(), Urgency.Urgent));
    }

    [Fact]
    public async Task ConfirmUrgency_ChangesTheUrgency()
    {
        var id = Guid.NewGuid();
        await fixture.Concern(id).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock, urgency: Urgency.Normal));

        var summary = await fixture.Concern(id).ConfirmUrgency(People.Coordinator(), Urgency.ImmediateDanger);

        Assert.Equal(Urgency.ImmediateDanger, summary.Urgency);
        Assert.Equal(ConcernStatus.Reported, summary.Status);
        Assert.Equal(Urgency.ImmediateDanger, (await fixture.Concern(id).GetDetails(People.Coordinator())).Summary.Urgency);
    }

    [Fact]
    public async Task ReportingTheSameConcernTwice_IsRejected()
    {
        var id = Guid.NewGuid();
        await fixture.Concern(id).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));

        await Assert.ThrowsAsync<ConflictException>(() =>
            fixture.Concern(id).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock, area: "Söder")));

        Assert.Equal("Centrum", (await fixture.Concern(id).GetStatus(People.HotelMember())).Area);
    }

    [Fact]
    public async Task PartnerMember_MayNotTriageMergeOrClose()
    {
        var id = Guid.NewGuid();
        var concern = fixture.Concern(id);
        await concern.Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));

        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.MarkTriaged(People.HotelMember()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.ConfirmUrgency(People.HotelMember(), Urgency.Urgent));
        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.CloseAsUnfounded(People.HotelMember(), null));
        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.MergeInto(People.HotelMember(), Guid.NewGuid()));

        Assert.Equal(PublicStatus.Received, (await concern.GetStatus(People.HotelMember())).Status);
    }

    [Fact]
    public async Task ActingOnAConcernThatWasNeverReported_IsNotFound()
    {
        var concern = fixture.Concern(Guid.NewGuid());

        await Assert.ThrowsAsync<NotFoundException>(() => concern.MarkTriaged(People.Coordinator()));
        await Assert.ThrowsAsync<NotFoundException>(() => concern.GetDetails(People.Coordinator()));
        await Assert.ThrowsAsync<NotFoundException>(() => concern.GetStatus(People.HotelMember()));
    }

    [Fact]
    public async Task ClosingReason_LongerThanAllowed_IsRejected()
    {
        var id = Guid.NewGuid();
        await fixture.Concern(id).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            fixture.Concern(id).CloseAsUnfounded(People.Coordinator(), new string('x', 501)));

        Assert.Equal("reason", error.Field);
        Assert.Equal(PublicStatus.Received, (await fixture.Concern(id).GetStatus(People.HotelMember())).Status);
    }
}
