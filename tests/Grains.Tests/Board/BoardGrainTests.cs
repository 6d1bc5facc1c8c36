using System.Text.Json;
using Coordination.Grains.Alerts;
using Coordination.Grains.Board;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;

namespace Coordination.Grains.Tests.Board;

[Collection(ClusterCollection.Name)]
public sealed class BoardGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Snapshot_ShowsOpenConcernsAndCounts_AfterReportsTriageAndClosure()
    {
        var tenant = await fixture.AddTenantAsync();
        var (hotel, taxi, apartment, duplicate) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var deltas = await PlayOutAMorningAsync(tenant, hotel, taxi, apartment, duplicate);
        var snapshot = await Board(tenant).GetSnapshot(People.Coordinator(tenant));

        Assert.Equal([hotel, taxi], snapshot.OpenConcerns.Select(c => c.Id));
        Assert.Equal(ConcernStatus.Triaged, snapshot.OpenConcerns[0].Status);
        Assert.Equal(Urgency.Urgent, snapshot.OpenConcerns[1].Urgency);
        Assert.Equal(new Dictionary<ConcernStatus, int> { [ConcernStatus.Triaged] = 1, [ConcernStatus.Reported] = 1 }, snapshot.ByStatus);
        Assert.Equal(new Dictionary<Urgency, int> { [Urgency.Urgent] = 2 }, snapshot.ByUrgency);
        Assert.Equal(new Dictionary<string, int> { ["Centrum"] = 1, ["Söder"] = 1 }, snapshot.ByArea);

        Assert.Equal(deltas, snapshot.Sequence);
        Assert.Equal(deltas, await fixture.Store.ReadFeedHeadAsync(tenant, Audiences.Coordinators));
        var feed = await fixture.Store.ReadFeedAsync(tenant, Audiences.Coordinators, 0, 100);
        Assert.Equal(feed.Where(BoardGrain.IsConcernActivity).Select(e => e.Sequence), snapshot.RecentActivity.Select(e => e.Sequence));
        Assert.Equal(deltas - 1, snapshot.RecentActivity.Count);
        Assert.True(Assert.Single(snapshot.OpenAlerts).IsSystem);

        var hotels = Assert.Single(snapshot.Partners, p => p.Kind == PartnerKind.Hotel);
        Assert.Equal(2, hotels.Organisations);
        Assert.Equal(10, hotels.TrainedStaff);
        Assert.Equal(1, hotels.WithAgreement);
    }

    [Fact]
    public async Task AlertFigures_TimeEachAcknowledgement_AndCountWhoHasYetToAcknowledge()
    {
        var tenant = await fixture.AddTenantAsync();
        var coordinator = People.Coordinator(tenant);
        var first = fixture.Grains.GetGrain<IAlertGrain>(GrainKeys.For(tenant, Guid.NewGuid()));
        var second = fixture.Grains.GetGrain<IAlertGrain>(GrainKeys.For(tenant, Guid.NewGuid()));
        await first.Send(coordinator, new AlertDraft("Ökad risk", "Var uppmärksamma.", AlertSeverity.Info, [PartnerKind.Hotel], [], [], null));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await second.Send(coordinator, new AlertDraft("Nattkontroll", "Var uppmärksamma.", AlertSeverity.Info, [], [], ["hotell-exempelgarden"], null));
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        await first.Acknowledge(People.HotelMember(tenant), "Hanna", null);
        fixture.Clock.Advance(TimeSpan.FromMinutes(3));
        await second.Acknowledge(People.HotelMember(tenant), "Hanna", null);

        var figures = await Board(tenant).GetAlertFigures(coordinator);

        Assert.Equal((2, 1), (figures.OpenAlerts, figures.UnacknowledgedOrganisations));
        // First alert after 3 minutes, second after 5: a mean of 4.
        var hotel = figures.ByOrganisation.Single(o => o.OrganisationId == "hotell-exempelgarden");
        Assert.Equal((0, 2, TimeSpan.FromMinutes(4)), (hotel.Awaiting, hotel.Acknowledged, hotel.MeanTimeToAcknowledge));
        var other = figures.ByOrganisation.Single(o => o.OrganisationId == "hotell-sundsutsikten");
        Assert.Equal((1, 0, (TimeSpan?)null), (other.Awaiting, other.Acknowledged, other.MeanTimeToAcknowledge));
        Assert.Equal(new KindAlertFigures(PartnerKind.Hotel, 2, TimeSpan.FromMinutes(4)), figures.ByKind.Single(k => k.Kind == PartnerKind.Hotel));
        Assert.Equal(new KindAlertFigures(PartnerKind.Police, 0, null), figures.ByKind.Single(k => k.Kind == PartnerKind.Police));
        Assert.Equal(fixture.Clock.GetUtcNow() - AlertFigures.Window, figures.Since);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Board(tenant).GetAlertFigures(People.HotelMember(tenant)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Board(tenant).GetAlertFigures(People.Coordinator()));
    }

    [Fact]
    public async Task BoardAfterDeactivation_RebuildsTheSamePictureFromTheStore()
    {
        var tenant = await fixture.AddTenantAsync();
        await PlayOutAMorningAsync(tenant, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var board = Board(tenant);
        var live = await board.GetSnapshot(People.Coordinator(tenant));

        await fixture.DeactivateAsync(board);
        var rebuilt = await board.GetSnapshot(People.Coordinator(tenant));

        AssertSamePicture(live, rebuilt);
    }

    [Fact]
    public async Task RebuiltBoard_KeepsFollowingNewChanges()
    {
        var tenant = await fixture.AddTenantAsync();
        var (hotel, taxi, apartment, duplicate) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var deltas = await PlayOutAMorningAsync(tenant, hotel, taxi, apartment, duplicate);
        await fixture.DeactivateAsync(Board(tenant));

        await fixture.Concern(taxi, tenant).CloseAsUnfounded(People.Coordinator(tenant), null);
        var snapshot = await Board(tenant).GetSnapshot(People.Coordinator(tenant));

        Assert.Equal([hotel], snapshot.OpenConcerns.Select(c => c.Id));
        Assert.Equal(deltas + 1, snapshot.Sequence);
        Assert.Equal("concern.closed-unfounded", snapshot.RecentActivity[^1].Type);
    }

    [Fact]
    public async Task DeltaThatOvertakesAnEarlierOne_BoardShowsBothInOrder()
    {
        var tenant = await fixture.AddTenantAsync();
        await fixture.Concern(Guid.NewGuid(), tenant).Report(People.HotelMember(tenant), Reports.FromHotel(fixture.Clock, "Centrum"));
        var board = Board(tenant);
        var before = await board.GetSnapshot(People.Coordinator(tenant));

        // Two reports committed one after the other whose deltas reach the board the other way round: the first
        // one's publisher is slow.
        var (earlierId, laterId) = (Guid.NewGuid(), Guid.NewGuid());
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var earlier = await CommitReportWithoutPublishingAsync(tenant, earlierId, "Söder");
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var later = await CommitReportWithoutPublishingAsync(tenant, laterId, "Norr");
        await board.Apply(later);

        var snapshot = await board.GetSnapshot(People.Coordinator(tenant));
        Assert.Equal(before.Sequence + 2, snapshot.Sequence);
        Assert.Equal([.. before.OpenConcerns.Select(c => c.Id), earlierId, laterId], snapshot.OpenConcerns.Select(c => c.Id));
        Assert.Equal([.. earlier, .. later], snapshot.RecentActivity.TakeLast(2));

        // The earlier delta, arriving at last, is not applied twice.
        await board.Apply(earlier);
        var after = await board.GetSnapshot(People.Coordinator(tenant));
        Assert.Equal(snapshot.Sequence, after.Sequence);
        Assert.Equal(snapshot.RecentActivity, after.RecentActivity);
    }

    [Fact]
    public async Task Board_IsForCoordinatorsOnly()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => Board(ClusterFixture.Tenant).GetSnapshot(People.HotelMember()));
    }

    private IBoardGrain Board(string tenant) => fixture.Grains.GetGrain<IBoardGrain>(tenant);

    /// <summary>
    /// Four reports, a triage (with no one on shift: a failed assignment and a system alert), an urgency change,
    /// a closure and a merge; returns the coordinators' deltas it made.
    /// </summary>
    private async Task<int> PlayOutAMorningAsync(string tenant, Guid hotel, Guid taxi, Guid apartment, Guid duplicate)
    {
        var coordinator = People.Coordinator(tenant);
        await fixture.Concern(hotel, tenant).Report(People.HotelMember(tenant), Reports.FromHotel(fixture.Clock, "Centrum", Urgency.Urgent));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await fixture.Concern(taxi, tenant).Report(People.TaxiMember(tenant), Reports.FromTaxi(fixture.Clock, "Söder"));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await fixture.Concern(apartment, tenant).Report(People.PropertyMember(tenant), Reports.FromPropertyOwner(fixture.Clock, "Drottninghög", Urgency.ImmediateDanger));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await fixture.Concern(duplicate, tenant).Report(People.OtherHotelMember(tenant), Reports.FromHotel(fixture.Clock, "Centrum"));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        await fixture.Concern(hotel, tenant).MarkTriaged(coordinator);
        await fixture.Concern(taxi, tenant).ConfirmUrgency(coordinator, Urgency.Urgent);
        await fixture.Concern(apartment, tenant).CloseAsUnfounded(coordinator, "Moving company, not people.");
        await fixture.Concern(duplicate, tenant).MergeInto(coordinator, hotel);
        // Reading details is audited, but it is no activity on the board.
        await fixture.Concern(hotel, tenant).GetDetails(coordinator);

        return 4 + 3 + 1 + 1 + 2;
    }

    /// <summary>A report stored with its read-model row and its coordinators' delta, which nobody hands to the board.</summary>
    private async Task<IReadOnlyList<FeedEntry>> CommitReportWithoutPublishingAsync(string tenant, Guid id, string area)
    {
        var now = fixture.Clock.GetUtcNow();
        var summary = new ConcernSummary(
            id, $"TST-{id.ToString("N")[..8]}", ConcernStatus.Reported, Urgency.Normal, PlaceKind.Hotel, area,
            "hotell-exempelgarden", now, now, now, 1);
        return await fixture.Store.AppendAsync(new AppendRequest(
            tenant, $"concern/{id:N}", 0, [new NewEvent("concern.reported", "test", now, "{}")], "{}", summary,
            [new FeedDraft(Audiences.Coordinators, "concern.reported", now, JsonSerializer.Serialize(new ConcernActivity(summary, null), StoreJson.Options))]));
    }

    private static void AssertSamePicture(BoardSnapshot expected, BoardSnapshot actual)
    {
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.OpenConcerns, actual.OpenConcerns);
        Assert.Equal(expected.ByStatus, actual.ByStatus);
        Assert.Equal(expected.ByUrgency, actual.ByUrgency);
        Assert.Equal(expected.ByArea, actual.ByArea);
        Assert.Equal(expected.Partners, actual.Partners);
        Assert.Equal(
            expected.RecentActivity.Select(e => (e.Sequence, e.Type, e.At, e.DataJson)),
            actual.RecentActivity.Select(e => (e.Sequence, e.Type, e.At, e.DataJson)));
    }
}
