using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;

namespace Coordination.Grains.Tests.Partners;

[Collection(ClusterCollection.Name)]
public sealed class PartnerGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Reports_ListOnlyTheOrganisationsOwnConcerns_WithStatusOnly()
    {
        var tenant = await fixture.AddTenantAsync();
        var (first, second, others) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await fixture.Concern(first, tenant).Report(People.HotelMember(tenant), Reports.FromHotel(fixture.Clock));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await fixture.Concern(second, tenant).Report(People.HotelMember(tenant), Reports.FromHotel(fixture.Clock));
        await fixture.Concern(others, tenant).Report(People.TaxiMember(tenant), Reports.FromTaxi(fixture.Clock));
        await fixture.Concern(first, tenant).MarkTriaged(People.Coordinator(tenant));

        var reports = await Partner(tenant, "hotell-exempelgarden").GetReports(People.HotelMember(tenant));

        Assert.Equal([second, first], reports.Reports.Select(r => r.Id));
        Assert.Equal([PublicStatus.Received, PublicStatus.BeingHandled], reports.Reports.Select(r => r.Status));
        Assert.Equal(await fixture.Store.ReadFeedHeadAsync(tenant, Audiences.Organisation("hotell-exempelgarden")), reports.Sequence);
    }

    [Fact]
    public async Task Profile_ShowsTheChecklistOfTheOrganisationsKind()
    {
        var profile = await Partner(ClusterFixture.Tenant, "taxi-fiktiva").GetProfile(People.TaxiMember());

        Assert.Equal(PartnerKind.TaxiCompany, profile.Organisation.Kind);
        Assert.Equal([.. Indicators.Taxi, .. Indicators.Common], profile.Checklist);
    }

    [Fact]
    public async Task Coordinator_SeesAnyOrganisationsReports()
    {
        var tenant = await fixture.AddTenantAsync();
        var id = Guid.NewGuid();
        await fixture.Concern(id, tenant).Report(People.TaxiMember(tenant), Reports.FromTaxi(fixture.Clock));

        var reports = await Partner(tenant, "taxi-fiktiva").GetReports(People.Coordinator(tenant));

        Assert.Equal(id, Assert.Single(reports.Reports).Id);
    }

    private IPartnerGrain Partner(string tenant, string organisationId) =>
        fixture.Grains.GetGrain<IPartnerGrain>(GrainKeys.For(tenant, organisationId));
}
