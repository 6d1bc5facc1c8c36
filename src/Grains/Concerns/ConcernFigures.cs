namespace Coordination.Grains.Concerns;

/// <summary>
/// Handling times per week of report (Monday to Sunday, city time): time to assign (from triage), to accept
/// (from the first assignment), to first contact (from acceptance) and to close (from the report), each as
/// median and 90th percentile over the concerns that reached that stage.
/// </summary>
public static class ConcernFigures
{
    public static IReadOnlyList<WeekFigures> PerWeek(IEnumerable<ConcernSummary> concerns, TimeZoneInfo zone) =>
        [.. concerns
            .GroupBy(c => MondayOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(c.ReportedAt, zone).DateTime)))
            .OrderByDescending(week => week.Key)
            .Select(week => new WeekFigures(
                week.Key,
                week.Count(),
                Stage(week.Select(c => Between(c.TriagedAt, c.FirstAssignedAt))),
                Stage(week.Select(c => Between(c.FirstAssignedAt, c.FirstAcceptedAt))),
                Stage(week.Select(c => Between(c.FirstAcceptedAt, c.FirstContactAt))),
                Stage(week.Select(c => Between(c.ReportedAt, c.ClosedAt)))))];

    /// <summary>Nearest-rank percentile of the durations that exist.</summary>
    public static StageFigures Stage(IEnumerable<TimeSpan?> durations)
    {
        var sorted = durations.OfType<TimeSpan>().Order().ToList();
        return sorted.Count == 0
            ? new StageFigures(0, null, null)
            : new StageFigures(sorted.Count, Rank(sorted, 0.5), Rank(sorted, 0.9));
    }

    private static TimeSpan Rank(List<TimeSpan> sorted, double percentile) =>
        sorted[Math.Max(0, (int)Math.Ceiling(percentile * sorted.Count) - 1)];

    private static TimeSpan? Between(DateTimeOffset? from, DateTimeOffset? to) => from is { } start && to is { } end ? end - start : null;

    private static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}

[GenerateSerializer, Immutable, Alias("Coordination.StageFigures")]
public sealed record StageFigures(
    [property: Id(0)] int Count,
    [property: Id(1)] TimeSpan? Median,
    [property: Id(2)] TimeSpan? Percentile90);

[GenerateSerializer, Immutable, Alias("Coordination.WeekFigures")]
public sealed record WeekFigures(
    [property: Id(0)] DateOnly Monday,
    [property: Id(1)] int Reported,
    [property: Id(2)] StageFigures ToAssign,
    [property: Id(3)] StageFigures ToAccept,
    [property: Id(4)] StageFigures ToFirstContact,
    [property: Id(5)] StageFigures ToClose);
