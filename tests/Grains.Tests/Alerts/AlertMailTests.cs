using Coordination.Grains.Alerts;

namespace Coordination.Grains.Tests.Alerts;

/// <summary>What the alert grain asks to be e-mailed to contact persons (the host's mail queue is tested in Silo.Tests).</summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertMailTests(ClusterFixture fixture)
{
    private IAlertGrain Alert(Guid id) => fixture.Grains.GetGrain<IAlertGrain>(GrainKeys.For(ClusterFixture.Tenant, id));

    private static AlertDraft Draft(params string[] organisations) =>
        new("Ökad risk i helgen", "Var uppmärksamma på tecknen.", AlertSeverity.Critical, [], [], organisations, null);

    [Fact]
    public async Task SentAlert_AsksToTellTheContactPersonsOfEveryAddressedOrganisation()
    {
        var id = Guid.NewGuid();

        await Alert(id).Send(People.Coordinator(), Draft("hotell-exempelgarden", "taxi-fiktiva"));

        var request = Assert.Single(fixture.Mail.For(id));
        Assert.Equal(AlertMailReason.Sent, request.Reason);
        Assert.Equal(ClusterFixture.Tenant, request.Tenant);
        Assert.Equal(["hotell-exempelgarden", "taxi-fiktiva"], request.OrganisationIds.Order());
    }

    [Fact]
    public async Task Reminder_AsksToTellOnlyTheOrganisationsThatHaveNotAcknowledged()
    {
        var id = Guid.NewGuid();
        await Alert(id).Send(People.Coordinator(), Draft("hotell-exempelgarden", "hotell-sundsutsikten"));
        await Alert(id).Acknowledge(People.HotelMember(), "Hanna", null);

        await fixture.AdvanceAndAwaitDeadlinesAsync(new AlertTimingOptions().Critical.Reminder);

        var reminder = Assert.Single(fixture.Mail.For(id), r => r.Reason == AlertMailReason.Reminder);
        Assert.Equal(["hotell-sundsutsikten"], reminder.OrganisationIds);
    }
}
