using Coordination.Grains.Concerns;
using Coordination.Grains.Partners;

namespace Coordination.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PersistenceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ConcernSurvivesDeactivation_AndItsLifecycleContinues()
    {
        var id = Guid.NewGuid();
        var concern = fixture.Concern(id);
        await concern.Report(People.HotelMember(), Reports.FromHotel(fixture.Clock, urgency: Urgency.Urgent));
        await concern.ConfirmUrgency(People.Coordinator(), Urgency.ImmediateDanger);
        var before = await concern.GetDetails(People.Coordinator());

        await fixture.DeactivateAsync(concern);

        var status = await concern.GetStatus(People.HotelMember());
        Assert.Equal(PublicStatus.Received, status.Status);
        Assert.Equal(before.Summary.Reference, status.Reference);
        var after = await concern.GetDetails(People.Coordinator());
        Assert.Equal(before.Summary, after.Summary);
        Assert.Equal(before.Indicators, after.Indicators);
        Assert.Equal(before.FreeText, after.FreeText);
        Assert.Equal(before.Timeline, after.Timeline.Take(before.Timeline.Count));

        // The reactivated grain continues at the stored version: no conflict with its own history.
        var triaged = await concern.MarkTriaged(People.Coordinator());
        Assert.Equal(ConcernStatus.Triaged, triaged.Status);
        Assert.Equal(Urgency.ImmediateDanger, triaged.Urgency);
    }

    [Fact]
    public async Task MergeLinksSurviveDeactivationOfBothConcerns()
    {
        var target = Guid.NewGuid();
        var duplicate = Guid.NewGuid();
        await fixture.Concern(target).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));
        await fixture.Concern(duplicate).Report(People.HotelMember(), Reports.FromHotel(fixture.Clock));
        await fixture.Concern(duplicate).MergeInto(People.Coordinator(), target);

        await fixture.DeactivateAsync(fixture.Concern(target));
        await fixture.DeactivateAsync(fixture.Concern(duplicate));

        Assert.Equal([duplicate], (await fixture.Concern(target).GetDetails(People.Coordinator())).Duplicates);
        var merged = await fixture.Concern(duplicate).GetDetails(People.Coordinator());
        Assert.Equal(target, merged.MergedInto);
        Assert.Equal(ClosureOutcome.MergedAsDuplicate, merged.Outcome);
    }

    [Fact]
    public async Task PartnersReportFigures_SurviveDeactivation()
    {
        var tenant = await fixture.AddTenantAsync();
        var member = People.HotelMember(tenant);
        var partner = fixture.Grains.GetGrain<IPartnerGrain>(GrainKeys.For(tenant, member.OrganisationId));
        await fixture.Concern(Guid.NewGuid(), tenant).Report(member, Reports.FromHotel(fixture.Clock));
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        var lastReportAt = fixture.Clock.GetUtcNow();
        await fixture.Concern(Guid.NewGuid(), tenant).Report(member, Reports.FromHotel(fixture.Clock));

        await fixture.DeactivateAsync(partner);

        var profile = await partner.GetProfile(member);
        Assert.Equal(2, profile.ReportsSubmitted);
        Assert.Equal(lastReportAt, profile.LastActivity);

        // A write after reactivation updates the stored row instead of conflicting with it.
        await fixture.Concern(Guid.NewGuid(), tenant).Report(member, Reports.FromHotel(fixture.Clock));
        await fixture.DeactivateAsync(partner);
        Assert.Equal(3, (await partner.GetProfile(People.Coordinator(tenant))).ReportsSubmitted);
    }
}
