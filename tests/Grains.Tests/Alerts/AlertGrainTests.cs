using Coordination.Grains.Alerts;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;

namespace Coordination.Grains.Tests.Alerts;

[Collection(ClusterCollection.Name)]
public sealed class AlertGrainTests(ClusterFixture fixture)
{
    private IAlertGrain Alert(Guid id, string tenant = ClusterFixture.Tenant) => fixture.Grains.GetGrain<IAlertGrain>(GrainKeys.For(tenant, id));

    private static AlertDraft Draft(
        IReadOnlyList<PartnerKind>? kinds = null, IReadOnlyList<string>? areas = null, IReadOnlyList<string>? organisations = null) =>
        new("Ökad risk i helgen", "Var uppmärksamma på tecknen.", AlertSeverity.Warning, kinds ?? [], areas ?? [], organisations ?? [], null);

    [Fact]
    public async Task AlertByKind_ReachesEveryOrganisationOfThatKind()
    {
        var alert = await Alert(Guid.NewGuid()).Send(People.Coordinator(), Draft(kinds: [PartnerKind.Hotel]));

        Assert.Equal(["hotell-exempelgarden", "hotell-sundsutsikten"], alert.Organisations.Select(o => o.OrganisationId).Order());
        Assert.Equal(0, alert.Acknowledged);
    }

    [Fact]
    public async Task AlertByArea_ReachesOrganisationsCoveringItAndThoseCoveringTheWholeCity()
    {
        var alert = await Alert(Guid.NewGuid()).Send(People.Coordinator(), Draft(kinds: [PartnerKind.Hotel, PartnerKind.TaxiCompany], areas: ["Söder"]));

        // The Söder hotel and the taxi company (no areas: the whole city); not the Centrum hotel.
        Assert.Equal(["hotell-sundsutsikten", "taxi-fiktiva"], alert.Organisations.Select(o => o.OrganisationId).Order());
    }

    [Fact]
    public async Task AlertReachingNobody_IsRefused()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Alert(Guid.NewGuid()).Send(People.Coordinator(), Draft(kinds: [PartnerKind.Hotel], areas: ["Väla"])));

        Assert.Equal("addressees", error.Field);
    }

    [Fact]
    public async Task OnlyCoordinatorsSendAlerts()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Alert(Guid.NewGuid()).Send(People.HotelMember(), Draft(kinds: [PartnerKind.Hotel])));
    }

    [Fact]
    public async Task ManyMembersAcknowledgingAtOnce_RecordTheFirstAndTellTheRestItIsDone()
    {
        var id = Guid.NewGuid();
        await Alert(id).Send(People.Coordinator(), Draft(organisations: ["hotell-exempelgarden"]));
        var member = People.HotelMember();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Alert(id).Acknowledge(member with { UserId = $"member-{i}" }, $"Medlem {i}", null)));

        var first = Assert.Single(results, r => !r.AlreadyAcknowledged);
        Assert.All(results, r => Assert.Equal(first.Alert.AcknowledgedBy, r.Alert.AcknowledgedBy));
        Assert.All(results, r => Assert.Equal(first.Alert.AcknowledgedAt, r.Alert.AcknowledgedAt));
        var progress = await Alert(id).GetProgress(People.Coordinator());
        Assert.Equal(1, progress.Acknowledged);
        Assert.Equal(first.Alert.AcknowledgedBy, progress.Organisations.Single().AcknowledgedBy);
    }

    [Fact]
    public async Task AcknowledgingForAnOrganisationNotAddressed_IsRefused()
    {
        var id = Guid.NewGuid();
        await Alert(id).Send(People.Coordinator(), Draft(organisations: ["hotell-exempelgarden"]));

        await Assert.ThrowsAsync<AccessDeniedException>(() => Alert(id).Acknowledge(People.TaxiMember(), "Tore", null));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Alert(id).GetForOrganisation(People.TaxiMember()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Alert(id).GetProgress(People.HotelMember()));
        Assert.Equal(0, (await Alert(id).GetProgress(People.Coordinator())).Acknowledged);
    }

    [Fact]
    public async Task AnotherTenantsCaller_IsRefused()
    {
        var id = Guid.NewGuid();
        await Alert(id).Send(People.Coordinator(), Draft(organisations: ["hotell-exempelgarden"]));

        await Assert.ThrowsAsync<AccessDeniedException>(() => Alert(id).Acknowledge(People.HotelMember("testby"), "Hanna", null));
    }

    [Fact]
    public async Task AcknowledgementDeliveryAndSeenSurviveDeactivation()
    {
        var id = Guid.NewGuid();
        await Alert(id).Send(People.Coordinator(), Draft(organisations: ["hotell-exempelgarden", "hotell-sundsutsikten"]));
        await Alert(id).MarkDelivered(People.OtherHotelMember());
        await Alert(id).MarkSeen(People.OtherHotelMember());
        await Alert(id).Acknowledge(People.HotelMember(), "Hanna Receptionsson", "Vi håller utkik.");

        await fixture.DeactivateAsync(Alert(id));

        var progress = await Alert(id).GetProgress(People.Coordinator());
        var hotel = progress.Organisations.Single(o => o.OrganisationId == "hotell-exempelgarden");
        var other = progress.Organisations.Single(o => o.OrganisationId == "hotell-sundsutsikten");
        Assert.Equal("Hanna Receptionsson", hotel.AcknowledgedBy);
        Assert.Equal("Vi håller utkik.", hotel.Comment);
        Assert.NotNull(other.DeliveredAt);
        Assert.NotNull(other.SeenAt);
        Assert.Null(other.AcknowledgedAt);
    }

    [Fact]
    public async Task WithdrawnAlert_CannotBeAcknowledgedAnyMore()
    {
        var id = Guid.NewGuid();
        await Alert(id).Send(People.Coordinator(), Draft(organisations: ["hotell-exempelgarden"]));

        var withdrawn = await Alert(id).End(People.Coordinator(), AlertStatus.Withdrawn, "Skickat av misstag");

        Assert.Equal(AlertStatus.Withdrawn, withdrawn.Status);
        await Assert.ThrowsAsync<ConflictException>(() => Alert(id).Acknowledge(People.HotelMember(), "Hanna", null));
        await Assert.ThrowsAsync<ConflictException>(() => Alert(id).End(People.Coordinator(), AlertStatus.Closed, null));
    }

    [Fact]
    public async Task UnacknowledgedCriticalAlert_RemindsAfterTheReminderInterval_AndEscalatesAfterTheEscalationInterval()
    {
        var id = Guid.NewGuid();
        var draft = Draft(organisations: ["hotell-exempelgarden", "hotell-sundsutsikten"]) with { Severity = AlertSeverity.Critical };
        await Alert(id).Send(People.Coordinator(), draft);
        await Alert(id).Acknowledge(People.HotelMember(), "Hanna", null);
        var timing = new AlertTimingOptions().Critical;

        await fixture.AdvanceAndAwaitDeadlinesAsync(timing.Reminder);
        var reminded = await Alert(id).GetProgress(People.Coordinator());
        Assert.NotNull(reminded.RemindedAt);
        Assert.Null(reminded.EscalatedAt);
        var other = await Alert(id).GetForOrganisation(People.OtherHotelMember());
        Assert.NotNull(other.RemindedAt);

        await fixture.AdvanceAndAwaitDeadlinesAsync(timing.Escalation - timing.Reminder);
        var escalated = await Alert(id).GetProgress(People.Coordinator());
        Assert.NotNull(escalated.EscalatedAt);

        // The coordinators get a system alert about it, which itself never escalates.
        var open = await fixture.Store.ListOpenAlertsAsync(ClusterFixture.Tenant, "socialtjansten");
        var system = Assert.Single(open, a => a.IsSystem && a.Message.Contains(escalated.Reference, StringComparison.Ordinal));
        Assert.Equal(AlertSeverity.Critical, system.Severity);
    }

    [Fact]
    public async Task AlertAcknowledgedByEveryone_NeitherRemindsNorEscalates()
    {
        var id = Guid.NewGuid();
        var draft = Draft(organisations: ["hotell-exempelgarden"]) with { Severity = AlertSeverity.Critical };
        await Alert(id).Send(People.Coordinator(), draft);
        await Alert(id).Acknowledge(People.HotelMember(), "Hanna", null);
        // A second alert, unacknowledged, gives the scanner something to fire so the test has a signal to await.
        await Alert(Guid.NewGuid()).Send(People.Coordinator(), Draft(organisations: ["taxi-fiktiva"]) with { Severity = AlertSeverity.Critical });

        await fixture.AdvanceAndAwaitDeadlinesAsync(new AlertTimingOptions().Critical.Escalation);

        var progress = await Alert(id).GetProgress(People.Coordinator());
        Assert.Null(progress.RemindedAt);
        Assert.Null(progress.EscalatedAt);
    }
}
