using System.Text.Json;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.Storage;

namespace Coordination.Grains.Tests.Live;

[Collection(ClusterCollection.Name)]
public sealed class FeedTests(ClusterFixture fixture)
{
    private const string Hotel = "hotell-exempelgarden";

    [Fact]
    public async Task EveryChange_AppendsToTheCoordinatorsFeed_WithConsecutiveSequences()
    {
        var tenant = await fixture.AddTenantAsync();
        var concern = fixture.Concern(Guid.NewGuid(), tenant);

        await concern.Report(People.HotelMember(tenant), Reports.FromHotel(fixture.Clock));
        await concern.ConfirmUrgency(People.Coordinator(tenant), Urgency.Urgent);
        await concern.GetDetails(People.Coordinator(tenant));
        await concern.MarkTriaged(People.Coordinator(tenant));
        await concern.CloseAsUnfounded(People.Coordinator(tenant), null);

        var feed = await fixture.Store.ReadFeedAsync(tenant, Audiences.Coordinators, 0, 100);
        // No one is on shift in this tenant: triage records the failed assignment and alerts the coordinators.
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], feed.Select(e => e.Sequence));
        Assert.Equal(
            ["concern.reported", "concern.urgency-confirmed", "concern.triaged", "concern.assignment-failed", "alert.sent", "concern.closed-unfounded"],
            feed.Select(e => e.Type));
        var last = JsonSerializer.Deserialize<ConcernActivity>(feed[^1].DataJson, StoreJson.Options)!;
        Assert.Equal(ConcernStatus.Closed, last.Concern.Status);
        Assert.Equal(Urgency.Urgent, last.Concern.Urgency);
    }

    [Fact]
    public async Task ReportingOrganisationsFeed_GetsAnEntryOnlyWhenThePublicStatusChanges()
    {
        var tenant = await fixture.AddTenantAsync();
        var concern = fixture.Concern(Guid.NewGuid(), tenant);
        var freeText = "Room 12 has had visitors all night.";

        await concern.Report(People.HotelMember(tenant), Reports.FromHotel(fixture.Clock, freeText: freeText));
        await concern.ConfirmUrgency(People.Coordinator(tenant), Urgency.Urgent);
        await concern.MarkTriaged(People.Coordinator(tenant));
        await concern.ConfirmUrgency(People.Coordinator(tenant), Urgency.ImmediateDanger);
        await concern.CloseAsUnfounded(People.Coordinator(tenant), null);

        var feed = await fixture.Store.ReadFeedAsync(tenant, Audiences.Organisation(Hotel), 0, 100);
        Assert.Equal([1L, 2L, 3L], feed.Select(e => e.Sequence));
        Assert.All(feed, e => Assert.Equal("report.status", e.Type));
        Assert.Equal(
            [PublicStatus.Received, PublicStatus.BeingHandled, PublicStatus.Closed],
            feed.Select(e => JsonSerializer.Deserialize<ReportStatus>(e.DataJson, StoreJson.Options)!.Status));
        // The partner's feed carries status only: no free text, no indicators, no urgency.
        Assert.All(feed, e => Assert.DoesNotContain("Room 12", e.DataJson, StringComparison.Ordinal));
        Assert.All(feed, e => Assert.DoesNotContain("many-visitors-one-room", e.DataJson, StringComparison.Ordinal));
        Assert.All(feed, e => Assert.DoesNotContain("urgency", e.DataJson, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task MergedDuplicate_TellsOnlyItsOwnReporterThatItClosed()
    {
        var tenant = await fixture.AddTenantAsync();
        var (target, duplicate) = (Guid.NewGuid(), Guid.NewGuid());
        await fixture.Concern(target, tenant).Report(People.HotelMember(tenant), Reports.FromHotel(fixture.Clock));
        await fixture.Concern(duplicate, tenant).Report(People.TaxiMember(tenant), Reports.FromTaxi(fixture.Clock));

        await fixture.Concern(duplicate, tenant).MergeInto(People.Coordinator(tenant), target);

        var hotelFeed = await fixture.Store.ReadFeedAsync(tenant, Audiences.Organisation(Hotel), 0, 100);
        var taxiFeed = await fixture.Store.ReadFeedAsync(tenant, Audiences.Organisation("taxi-fiktiva"), 0, 100);
        Assert.Equal([target], hotelFeed.Select(e => Status(e).Id));
        Assert.Equal([(duplicate, PublicStatus.Received), (duplicate, PublicStatus.Closed)], taxiFeed.Select(e => (Status(e).Id, Status(e).Status)));
        Assert.Equal(4, await fixture.Store.ReadFeedHeadAsync(tenant, Audiences.Coordinators));
    }

    [Fact]
    public async Task FeedsOfOneTenant_AreInvisibleInAnother()
    {
        var tenant = await fixture.AddTenantAsync();
        var other = await fixture.AddTenantAsync();

        await fixture.Concern(Guid.NewGuid(), tenant).Report(People.HotelMember(tenant), Reports.FromHotel(fixture.Clock));

        Assert.Equal(1, await fixture.Store.ReadFeedHeadAsync(tenant, Audiences.Coordinators));
        Assert.Equal(0, await fixture.Store.ReadFeedHeadAsync(other, Audiences.Coordinators));
        Assert.Empty(await fixture.Store.ReadFeedAsync(other, Audiences.Organisation(Hotel), 0, 100));
    }

    private static ReportStatus Status(FeedEntry entry) => JsonSerializer.Deserialize<ReportStatus>(entry.DataJson, StoreJson.Options)!;
}
