using Coordination.Grains.OnCall;

namespace Coordination.Grains.Tests.OnCall;

public sealed class AssignmentPolicyTests
{
    private static readonly IReadOnlySet<string> NoneExcluded = new HashSet<string>();
    private static readonly DateTimeOffset Morning = new(2026, 3, 4, 8, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Pick_PrefersTheFewestOpenAssignments()
    {
        var picked = AssignmentPolicy.Pick(
            [Available("anna", open: 2, last: Morning.AddDays(-7)), Available("bo", open: 1, last: Morning)],
            NoneExcluded);

        Assert.Equal("bo", picked);
    }

    [Fact]
    public void Pick_OnEqualLoad_PrefersTheLongestSinceLastAssignment_NeverAssignedLongestOfAll()
    {
        Assert.Equal("anna", AssignmentPolicy.Pick(
            [Available("bo", open: 1, last: Morning), Available("anna", open: 1, last: Morning.AddHours(-3))],
            NoneExcluded));
        Assert.Equal("cecilia", AssignmentPolicy.Pick(
            [Available("anna", open: 1, last: Morning.AddYears(-1)), Available("cecilia", open: 1, last: null)],
            NoneExcluded));
    }

    [Fact]
    public void Pick_OnAFullTie_PrefersTheWorkerIdInOrdinalOrder()
    {
        // Ordinal, not culture: upper case sorts before lower case.
        var picked = AssignmentPolicy.Pick(
            [Available("anna", open: 0, last: null), Available("Bo", open: 0, last: null)],
            NoneExcluded);

        Assert.Equal("Bo", picked);
    }

    [Fact]
    public void Pick_NeverPicksExcludedBusyOffOrOffShiftWorkers_HoweverIdle()
    {
        var picked = AssignmentPolicy.Pick(
            [
                Available("anna", open: 0, last: null),
                Available("bo", open: 0, last: null) with { Availability = WorkerAvailability.Busy },
                Available("cecilia", open: 0, last: null) with { Availability = WorkerAvailability.Off },
                Available("david", open: 0, last: null) with { OnShift = false },
                Available("eva", open: 5, last: Morning),
            ],
            new HashSet<string> { "anna" });

        Assert.Equal("eva", picked);
    }

    [Fact]
    public void Pick_IsNull_WhenNobodyQualifies()
    {
        Assert.Null(AssignmentPolicy.Pick([], NoneExcluded));
        Assert.Null(AssignmentPolicy.Pick(
            [
                Available("anna", open: 0, last: null) with { Availability = WorkerAvailability.Busy },
                Available("bo", open: 0, last: null) with { OnShift = false },
            ],
            NoneExcluded));
    }

    private static WorkerCandidate Available(string id, int open, DateTimeOffset? last) =>
        new(id, OnShift: true, WorkerAvailability.Available, open, last);
}
