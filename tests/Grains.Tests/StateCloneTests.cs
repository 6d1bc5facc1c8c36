using System.Text.Json;
using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;
using Coordination.Grains.OnCall;
using Coordination.Grains.Storage;

namespace Coordination.Grains.Tests;

/// <summary>A commit changes a clone and keeps the old state if the write fails: the clone must be whole and apart.</summary>
public sealed class StateCloneTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AConcernsCloneStoresAlikeAndChangingItLeavesTheOriginalAsItWas()
    {
        var state = new ConcernState
        {
            Id = Guid.NewGuid(), Reference = "HEL-1", Version = 3, Revision = 2, Status = ConcernStatus.Triaged,
            Urgency = Urgency.Urgent, Area = "centrum", ReportedByOrganisation = "hotell", ReportedBy = "anna",
            ObservedAt = At, ReportedAt = At, UpdatedAt = At, TriagedAt = At, FreeText = "text",
            Indicators = ["a", "b"], Duplicates = [Guid.NewGuid()], PassedBy = ["w1"], Breaches = [ConcernStage.Triage],
            LastAssignmentFailure = AssignmentFailure.NoWorkerOnShift, DueStage = ConcernStage.Assignment, DueAt = At,
        };
        var stored = Json(state);

        var clone = state.Clone();
        Assert.Equal(stored, Json(clone));

        clone.Indicators.Add("c");
        clone.Duplicates.Add(Guid.NewGuid());
        clone.PassedBy.Add("w2");
        clone.Breaches.Add(ConcernStage.Assignment);
        clone.Status = ConcernStatus.Closed;
        Assert.Equal(stored, Json(state));
    }

    [Fact]
    public void AnAlertsCloneCopiesEachOrganisationsAcknowledgement()
    {
        var state = new AlertState { Id = Guid.NewGuid(), Version = 1, Title = "Varning", Organisations = [new() { OrganisationId = "hotell" }] };
        var stored = Json(state);

        var clone = state.Clone();
        Assert.Equal(stored, Json(clone));

        clone.For("hotell")!.AcknowledgedAt = At;
        clone.Organisations.Add(new() { OrganisationId = "taxi" });
        Assert.Equal(stored, Json(state));
    }

    [Fact]
    public void AnOnCallClonesAvailabilityAndAssignmentsAreItsOwn()
    {
        var state = new OnCallState { Version = 2, Availability = { ["w1"] = WorkerAvailability.Off }, LastAssignedAt = { ["w1"] = At } };
        var stored = Json(state);

        var clone = state.Clone();
        Assert.Equal(stored, Json(clone));

        clone.Availability["w2"] = WorkerAvailability.Off;
        clone.LastAssignedAt["w1"] = At.AddHours(1);
        Assert.Equal(stored, Json(state));
    }

    private static string Json<T>(T state) => JsonSerializer.Serialize(state, StoreJson.Options);
}
