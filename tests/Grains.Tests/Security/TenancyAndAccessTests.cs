using Coordination.Grains.Board;
using Coordination.Grains.Concerns;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;

namespace Coordination.Grains.Tests.Security;

/// <summary>The grains check tenant, organisation and role themselves, behind the API and hub checks.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TenancyAndAccessTests(ClusterFixture fixture)
{
    [Fact]
    public async Task CallerOfAnotherTenant_IsRefusedByTheGrain()
    {
        var id = Guid.NewGuid();
        var concern = fixture.Concern(id);
        await concern.Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));
        var foreignCoordinator = People.Coordinator(ClusterFixture.ForeignTenant);

        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.GetDetails(foreignCoordinator));
        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.GetStatus(foreignCoordinator));
        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.MarkTriaged(foreignCoordinator));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            fixture.Grains.GetGrain<IBoardGrain>(ClusterFixture.Tenant).GetSnapshot(foreignCoordinator));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            fixture.Grains.GetGrain<IPartnerGrain>(GrainKeys.For(ClusterFixture.Tenant, "hotell-exempelgarden")).GetReports(People.HotelMember(ClusterFixture.ForeignTenant)));

        Assert.Equal(ConcernStatus.Reported, (await concern.GetDetails(People.Coordinator())).Summary.Status);
    }

    [Fact]
    public async Task ReportingIntoAnotherTenantsConcern_IsRefused()
    {
        var concern = fixture.Concern(Guid.NewGuid());

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            concern.Report(People.HotelMember(ClusterFixture.ForeignTenant), Reports.FromHotel(fixture.Clock)));

        await Assert.ThrowsAsync<NotFoundException>(() => concern.GetStatus(People.Coordinator()));
    }

    [Fact]
    public async Task SameConcernIdInTwoTenants_AreTwoSeparateConcerns()
    {
        var id = Guid.NewGuid();
        await fixture.Concern(id).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock, area: "Centrum"));
        await fixture.Concern(id, ClusterFixture.ForeignTenant).Report(
            People.HotelMember(ClusterFixture.ForeignTenant), Reports.FromHotel(fixture.Clock, area: "Råå"));

        await fixture.Concern(id).CloseAsUnfounded(People.Coordinator(), null);

        var home = await fixture.Concern(id).GetStatus(People.HotelMember());
        var foreign = await fixture.Concern(id, ClusterFixture.ForeignTenant).GetStatus(People.HotelMember(ClusterFixture.ForeignTenant));
        Assert.Equal(("Centrum", PublicStatus.Closed), (home.Area, home.Status));
        Assert.Equal(("Råå", PublicStatus.Received), (foreign.Area, foreign.Status));
        Assert.StartsWith("TES-", foreign.Reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemberOfAnotherOrganisation_IsToldTheConcernDoesNotExist()
    {
        var id = Guid.NewGuid();
        await fixture.Concern(id).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));

        await Assert.ThrowsAsync<NotFoundException>(() => fixture.Concern(id).GetStatus(People.OtherHotelMember()));
        await Assert.ThrowsAsync<NotFoundException>(() => fixture.Concern(id).GetStatus(People.TaxiMember()));

        Assert.Equal(PublicStatus.Received, (await fixture.Concern(id).GetStatus(People.Coordinator())).Status);
    }

    [Fact]
    public async Task AnotherOrganisationsReports_AreRefused()
    {
        var partner = fixture.Grains.GetGrain<IPartnerGrain>(GrainKeys.For(ClusterFixture.Tenant, "hotell-exempelgarden"));

        await Assert.ThrowsAsync<AccessDeniedException>(() => partner.GetReports(People.OtherHotelMember()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => partner.GetProfile(People.TaxiMember()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => partner.RecordReport(People.TaxiMember()));
    }

    [Fact]
    public async Task Administrator_MayNotReport()
    {
        var concern = fixture.Concern(Guid.NewGuid());

        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.Report(People.Administrator(), Reports.FromHotel(fixture.Clock)));

        await Assert.ThrowsAsync<NotFoundException>(() => concern.GetStatus(People.Coordinator()));
    }

    [Fact]
    public async Task Administrator_HasNoAccessToConcernContents()
    {
        var id = Guid.NewGuid();
        await fixture.Concern(id).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));

        await Assert.ThrowsAsync<AccessDeniedException>(() => fixture.Concern(id).GetDetails(People.Administrator()));
    }

    [Fact]
    public async Task MemberOfAnOrganisationOutsideTheDirectory_MayNotReport()
    {
        var stranger = new Caller(ClusterFixture.Tenant, "okand-person", "no-such-organisation", CallerRoles.PartnerMember);

        await Assert.ThrowsAsync<AccessDeniedException>(() => fixture.Concern(Guid.NewGuid()).Report(stranger, Reports.FromHotel(fixture.Clock)));
    }
}
