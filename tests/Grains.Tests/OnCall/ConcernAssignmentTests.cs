using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;
using Coordination.Grains.OnCall;
using Coordination.Grains.Security;

namespace Coordination.Grains.Tests.OnCall;

/// <summary>Assignment on the test cluster: each test in a tenant of its own with its own roster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConcernAssignmentTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TriageAssignsTheAvailableWorkerWithFewestOpenConcernsThenLongestWaitingThenById()
    {
        var tenant = await TenantWithWorkersOnShiftAsync(3);
        var workers = People.Workers(tenant);

        var assignedTo = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            assignedTo.Add((await ReportAndTriageAsync(tenant)).AssignedTo);
        }

        // All idle and never assigned: by id. Then the fewest open. Then, all with one each, the one waiting longest.
        Assert.Equal([workers[0].UserId, workers[1].UserId, workers[2].UserId, workers[0].UserId], assignedTo);
    }

    [Fact]
    public async Task BusyAndOffWorkersAreNotAssigned()
    {
        var tenant = await TenantWithWorkersOnShiftAsync(3);
        var workers = People.Workers(tenant);
        var onCall = fixture.Grains.GetGrain<IOnCallGrain>(tenant);
        await onCall.SetAvailability(workers[0], workers[0].UserId, WorkerAvailability.Busy);
        await onCall.SetAvailability(People.Coordinator(tenant), workers[1].UserId, WorkerAvailability.Off);

        var concern = await ReportAndTriageAsync(tenant);

        Assert.Equal(workers[2].UserId, concern.AssignedTo);
    }

    [Fact]
    public async Task AcceptedConcernIsHandledToClosureAndTheReporterSeesOnlyItsStatus()
    {
        var tenant = await TenantWithWorkersOnShiftAsync(1);
        var worker = People.Workers(tenant)[0];
        var summary = await ReportAndTriageAsync(tenant);
        var concern = fixture.Concern(summary.Id, tenant);
        Assert.Equal(ConcernStatus.Assigned, summary.Status);

        summary = await concern.Accept(worker, summary.Revision);
        Assert.Equal(ConcernStatus.Accepted, summary.Status);
        await concern.RecordContact(worker, reached: true, "Met at the reception; wants to talk tomorrow.");
        await concern.OfferSupport(worker, SupportProvider.SalvationArmy, null);
        await concern.Refer(worker, ReferralTarget.Police, null);
        await concern.AddNote(worker, "Police contact informed by phone.");
        var statusWhileHandled = await concern.GetStatus(People.HotelMember(tenant));
        summary = await concern.Close(worker, ClosureOutcome.SupportAccepted, null, null);

        Assert.Equal(ConcernStatus.Closed, summary.Status);
        Assert.Equal(PublicStatus.BeingHandled, statusWhileHandled.Status);
        Assert.Equal(PublicStatus.Closed, (await concern.GetStatus(People.HotelMember(tenant))).Status);
        var details = await concern.GetDetails(People.Coordinator(tenant));
        Assert.Equal(
            ["concern.assigned", "concern.accepted", "concern.contact-attempted", "concern.support-offered", "concern.referred", "concern.note-added", "concern.closed"],
            details.Timeline.Where(e => e.Type is not "concern.details-viewed").Select(e => e.Type).Skip(2));
        Assert.Contains(details.Timeline, e => e.Type == "concern.note-added" && e.ActorId == worker.UserId && e.Note == "Police contact informed by phone.");
        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.GetDetails(People.HotelMember(tenant)));
    }

    [Fact]
    public async Task DeclineGoesToTheNextWorkerAndTheFirstLosesAccess()
    {
        var tenant = await TenantWithWorkersOnShiftAsync(2);
        var (first, second) = (People.Workers(tenant)[0], People.Workers(tenant)[1]);
        var summary = await ReportAndTriageAsync(tenant);
        var concern = fixture.Concern(summary.Id, tenant);
        Assert.NotNull(await concern.GetDetails(first));

        var empty = await Assert.ThrowsAsync<ValidationException>(() => concern.Decline(first, " ", null));
        summary = await concern.Decline(first, "Already with a family in crisis", null);

        Assert.Equal("reason", empty.Field);
        Assert.Equal(ConcernStatus.Assigned, summary.Status);
        Assert.Equal(second.UserId, summary.AssignedTo);
        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.GetDetails(first));
        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.Accept(first, null));
        Assert.Equal(ConcernStatus.Accepted, (await concern.Accept(second, null)).Status);
    }

    [Fact]
    public async Task WhenEveryoneOnShiftDeclinedCoordinatorsGetASystemAlert()
    {
        var tenant = await TenantWithWorkersOnShiftAsync(2);
        var summary = await ReportAndTriageAsync(tenant);
        var concern = fixture.Concern(summary.Id, tenant);

        summary = await concern.Decline(People.Workers(tenant)[0], "Off sick from noon", null);
        summary = await concern.Decline(People.Workers(tenant)[1], "Handling an immediate-danger concern", null);

        Assert.Equal(ConcernStatus.Triaged, summary.Status);
        Assert.Null(summary.AssignedTo);
        Assert.Equal(AssignmentFailure.EveryoneDeclined, summary.LastAssignmentFailure);
        var alert = Assert.Single(await fixture.Store.ListOpenAlertsAsync(tenant, null));
        Assert.True(alert.IsSystem);
        Assert.Contains(summary.Reference, alert.Message);
    }

    [Fact]
    public async Task WithNoOneOnShiftTriageRaisesTheNoOneOnShiftAlert()
    {
        var tenant = await fixture.AddTenantAsync();

        var summary = await ReportAndTriageAsync(tenant);

        Assert.Equal(ConcernStatus.Triaged, summary.Status);
        Assert.Equal(AssignmentFailure.NoWorkerOnShift, summary.LastAssignmentFailure);
        var alert = Assert.Single(await fixture.Store.ListOpenAlertsAsync(tenant, null));
        Assert.Equal("Ingen socialjour i tjänst", alert.Title);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
    }

    [Fact]
    public async Task UnansweredAssignmentMovesOnAtTheAcceptanceDeadlineEvenAfterTheGrainWasDeactivated()
    {
        var tenant = await TenantWithWorkersOnShiftAsync(2);
        var summary = await ReportAndTriageAsync(tenant, Urgency.Urgent);
        var concern = fixture.Concern(summary.Id, tenant);
        Assert.Equal(People.Workers(tenant)[0].UserId, summary.AssignedTo);
        Assert.Equal(fixture.Clock.GetUtcNow() + TimeSpan.FromMinutes(15), summary.AcceptBy);
        await fixture.DeactivateAsync(concern);

        await fixture.AdvanceAndAwaitDeadlinesAsync(TimeSpan.FromMinutes(15));

        var after = await concern.GetDetails(People.Coordinator(tenant));
        Assert.Equal(People.Workers(tenant)[1].UserId, after.Summary.AssignedTo);
        Assert.Contains(after.Timeline, e => e.Type == "concern.acceptance-timed-out" && e.Detail == People.Workers(tenant)[0].UserId);
        var alert = Assert.Single(await fixture.Store.ListOpenAlertsAsync(tenant, null));
        Assert.Equal("Ärende inte accepterat i tid", alert.Title);
    }

    [Fact]
    public async Task ReassignmentTakesTheConcernFromTheFirstWorkerAtOnce()
    {
        var tenant = await TenantWithWorkersOnShiftAsync(2);
        var (first, second) = (People.Workers(tenant)[0], People.Workers(tenant)[1]);
        var summary = await ReportAndTriageAsync(tenant);
        var concern = fixture.Concern(summary.Id, tenant);
        summary = await concern.Accept(first, null);

        summary = await concern.Assign(People.Coordinator(tenant), second.UserId, summary.Revision);

        Assert.Equal((ConcernStatus.Assigned, second.UserId), (summary.Status, summary.AssignedTo));
        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.GetDetails(first));
        await Assert.ThrowsAsync<AccessDeniedException>(() => concern.AddNote(first, "Still on it"));
        Assert.NotNull(await concern.GetDetails(second));
    }

    [Fact]
    public async Task AChangeBasedOnAnOldRevisionIsRefusedWithTheNewStateLeftIntact()
    {
        var tenant = await TenantWithWorkersOnShiftAsync(2);
        var summary = await ReportAndTriageAsync(tenant);
        var concern = fixture.Concern(summary.Id, tenant);
        var seenByCoordinator = summary.Revision;
        await concern.Accept(People.Workers(tenant)[0], summary.Revision);

        var conflict = await Assert.ThrowsAsync<ConflictException>(
            () => concern.Assign(People.Coordinator(tenant), People.Workers(tenant)[1].UserId, seenByCoordinator));

        Assert.Contains("changed by someone else", conflict.Message);
        var now = (await concern.GetDetails(People.Coordinator(tenant))).Summary;
        Assert.Equal((ConcernStatus.Accepted, People.Workers(tenant)[0].UserId), (now.Status, now.AssignedTo));
    }

    [Fact]
    public async Task AMissedTriageDeadlineIsRecordedAsABreachAndAlertsCoordinators()
    {
        var tenant = await fixture.AddTenantAsync();
        var concern = fixture.Concern(Guid.NewGuid(), tenant);
        var status = await concern.Report(People.HotelMember(tenant), Reports.FromHotel(fixture.Clock, urgency: Urgency.ImmediateDanger));

        await fixture.AdvanceAndAwaitDeadlinesAsync(TimeSpan.FromMinutes(5));

        var summary = (await concern.GetDetails(People.Coordinator(tenant))).Summary;
        Assert.Equal(BreachedStages.Triage, summary.Breached);
        Assert.Null(summary.DueStage);
        var alert = Assert.Single(await fixture.Store.ListOpenAlertsAsync(tenant, null));
        Assert.Equal("Tidsfrist överskriden", alert.Title);
        Assert.Contains(status.Reference, alert.Message);
    }

    [Fact]
    public async Task OnlyCoordinatorsAndWorkersSeeTheRosterAndWorkersSetOnlyTheirOwnAvailability()
    {
        var tenant = await TenantWithWorkersOnShiftAsync(2);
        var onCall = fixture.Grains.GetGrain<IOnCallGrain>(tenant);
        var (first, second) = (People.Workers(tenant)[0], People.Workers(tenant)[1]);

        await Assert.ThrowsAsync<AccessDeniedException>(() => onCall.GetView(People.HotelMember(tenant)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => onCall.SetAvailability(first, second.UserId, WorkerAvailability.Off));
        await Assert.ThrowsAsync<AccessDeniedException>(() => onCall.SaveRoster(first, Roster.Empty, 1));
        var view = await onCall.SetAvailability(first, first.UserId, WorkerAvailability.Busy);

        Assert.Equal(WorkerAvailability.Busy, view.Workers.Single(w => w.WorkerId == first.UserId).Availability);
        Assert.Equal(WorkerAvailability.Available, view.Workers.Single(w => w.WorkerId == second.UserId).Availability);
    }

    [Fact]
    public async Task ARosterNamingSomeoneWhoIsNotAWorkerIsRefusedNamingTheField()
    {
        var tenant = await fixture.AddTenantAsync();
        var onCall = fixture.Grains.GetGrain<IOnCallGrain>(tenant);
        var roster = new Roster([Layer("a", People.HotelMember(tenant).UserId)], [], []);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => onCall.SaveRoster(People.Coordinator(tenant), roster, 0));

        Assert.Equal("layers[0].workers", refused.Field);
    }

    /// <summary>A new tenant whose first <paramref name="count"/> workers are each on shift around the clock, in a layer of their own.</summary>
    private async Task<string> TenantWithWorkersOnShiftAsync(int count)
    {
        var tenant = await fixture.AddTenantAsync();
        var roster = new Roster([.. People.Workers(tenant).Take(count).Select((w, i) => Layer($"layer{i}", w.UserId))], [], []);
        await fixture.Grains.GetGrain<IOnCallGrain>(tenant).SaveRoster(People.Coordinator(tenant), roster, 0);
        return tenant;
    }

    private static RotationLayer Layer(string id, string workerId) =>
        new(id, id, [workerId], new DateOnly(2026, 1, 5), new TimeOnly(8, 0), 7, null, null);

    private async Task<ConcernSummary> ReportAndTriageAsync(string tenant, Urgency urgency = Urgency.Normal)
    {
        var concern = fixture.Concern(Guid.NewGuid(), tenant);
        await concern.Report(People.HotelMember(tenant), Reports.FromHotel(fixture.Clock, urgency: urgency));
        return await concern.MarkTriaged(People.Coordinator(tenant));
    }
}
