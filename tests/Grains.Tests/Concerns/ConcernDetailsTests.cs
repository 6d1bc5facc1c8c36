using Coordination.Grains.Concerns;
using Coordination.Grains.Security;

namespace Coordination.Grains.Tests.Concerns;

[Collection(ClusterCollection.Name)]
public sealed class ConcernDetailsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Details_ShowTheTimelineFromTheEventTable()
    {
        var id = Guid.NewGuid();
        var concern = fixture.Concern(id);
        var reportedAt = fixture.Clock.GetUtcNow();
        await concern.Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));
        fixture.Clock.Advance(TimeSpan.FromMinutes(3));
        await concern.ConfirmUrgency(People.Coordinator(), Urgency.Urgent);
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        var triagedAt = fixture.Clock.GetUtcNow();
        await concern.MarkTriaged(People.NgoCoordinator());

        var details = await concern.GetDetails(People.Coordinator());

        // Triage tries to assign at once; with no one on shift the system records that it could not.
        Assert.Equal(
            ["concern.reported", "concern.urgency-confirmed", "concern.triaged", "concern.assignment-failed", "concern.details-viewed"],
            details.Timeline.Select(e => e.Type));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], details.Timeline.Select(e => e.Sequence));
        Assert.Equal(
            [People.HotelMember().UserId, People.Coordinator().UserId, People.NgoCoordinator().UserId, "system", People.Coordinator().UserId],
            details.Timeline.Select(e => e.ActorId));
        Assert.Equal(reportedAt, details.Timeline[0].At);
        Assert.Equal("Urgent", details.Timeline[1].Detail);
        Assert.Equal(triagedAt, details.Timeline[2].At);
    }

    [Fact]
    public async Task ReadingDetails_IsRecordedWithTheReadersId()
    {
        var id = Guid.NewGuid();
        var concern = fixture.Concern(id);
        await concern.Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));
        await concern.GetDetails(People.NgoCoordinator());
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        var details = await concern.GetDetails(People.Coordinator());

        var views = details.Timeline.Where(e => e.Type == "concern.details-viewed").ToList();
        Assert.Equal([People.NgoCoordinator().UserId, People.Coordinator().UserId], views.Select(v => v.ActorId));
        Assert.Equal(fixture.Clock.GetUtcNow(), views[^1].At);
        // A read is an audit entry, not activity on the concern.
        Assert.Equal(details.Summary.ReportedAt, details.Summary.UpdatedAt);
    }

    [Fact]
    public async Task PartnerMember_IsRefusedTheDetails_AndTheRefusalLeavesNoTrace()
    {
        var id = Guid.NewGuid();
        var concern = fixture.Concern(id);
        await concern.Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));

        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.GetDetails(People.HotelMember()));

        var details = await concern.GetDetails(People.Coordinator());
        Assert.DoesNotContain(details.Timeline, e => e.ActorId == People.HotelMember().UserId && e.Type == "concern.details-viewed");
    }
}
