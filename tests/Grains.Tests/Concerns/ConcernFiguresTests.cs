using Coordination.Grains.Concerns;
using Coordination.Grains.OnCall;

namespace Coordination.Grains.Tests.Concerns;

public sealed class ConcernFiguresTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 23, 9, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void MedianAndNinetiethPercentileAreTakenPerStageOverTheConcernsThatReachedIt()
    {
        // Ten concerns assigned 1..10 minutes after triage; only the first four accepted, 5 minutes after assignment each.
        var concerns = Enumerable.Range(1, 10).Select(i => Concern(Monday.AddHours(i)) with
        {
            TriagedAt = Monday.AddHours(i),
            FirstAssignedAt = Monday.AddHours(i).AddMinutes(i),
            FirstAcceptedAt = i <= 4 ? Monday.AddHours(i).AddMinutes(i + 5) : null,
        });

        var week = Assert.Single(ConcernFigures.PerWeek(concerns, RosterPolicy.CityZone));

        Assert.Equal(new DateOnly(2026, 3, 23), week.Monday);
        Assert.Equal(10, week.Reported);
        Assert.Equal(new StageFigures(10, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(9)), week.ToAssign);
        Assert.Equal(new StageFigures(4, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)), week.ToAccept);
        Assert.Equal(new StageFigures(0, null, null), week.ToFirstContact);
    }

    [Fact]
    public void WeeksRunMondayToSundayInCityTimeNewestFirst()
    {
        // Sunday 23:30 in Stockholm is still that week, though it is 22:30 UTC; Monday 00:30 local starts the next.
        var sundayLate = new DateTimeOffset(2026, 3, 22, 22, 30, 0, TimeSpan.Zero);
        var mondayEarly = new DateTimeOffset(2026, 3, 22, 23, 30, 0, TimeSpan.Zero);

        var weeks = ConcernFigures.PerWeek([Concern(sundayLate), Concern(mondayEarly)], RosterPolicy.CityZone);

        Assert.Equal([new DateOnly(2026, 3, 23), new DateOnly(2026, 3, 16)], weeks.Select(w => w.Monday));
    }

    private static ConcernSummary Concern(DateTimeOffset reportedAt) => new(
        Guid.NewGuid(), "HEL-TEST", ConcernStatus.Reported, Urgency.Normal, PlaceKind.Hotel, "Centrum", "hotel", reportedAt, reportedAt, reportedAt, 1);
}
