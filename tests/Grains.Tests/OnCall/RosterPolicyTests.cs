using System.Globalization;
using Coordination.Grains.OnCall;
using Coordination.Grains.Security;

namespace Coordination.Grains.Tests.OnCall;

/// <summary>
/// Stockholm changed to summer time on 2026-03-29 (02:00 → 03:00, +01:00 → +02:00) and back on 2026-10-25
/// (03:00 → 02:00). Instants are written with the offset in force so the local time reads off directly.
/// </summary>
public sealed class RosterPolicyTests
{
    // 2 March 2026 is a Monday: anna's week, then bo's from 9 March, cecilia's from 16 March, anna's again from 23 March.
    private static readonly RotationLayer Day = Layer("day", ["anna", "bo", "cecilia"], "2026-03-02", "08:00");

    [Fact]
    public void WeeklyRotation_HandsOverAtTheHandoffTimeLocal()
    {
        var roster = RosterOf(Day);

        Assert.Equal(["anna"], Workers(roster, At("2026-03-09 07:59 +01:00")));
        Assert.Equal(["bo"], Workers(roster, At("2026-03-09 08:00 +01:00")));
    }

    [Fact]
    public void Rotation_CyclesBackToTheFirstWorker_AfterTheLast()
    {
        var roster = RosterOf(Day);

        Assert.Equal(["cecilia"], Workers(roster, At("2026-03-23 07:59 +01:00")));
        Assert.Equal(["anna"], Workers(roster, At("2026-03-23 08:00 +01:00")));
        Assert.Equal(["bo"], Workers(roster, At("2026-03-30 08:00 +02:00")));
    }

    [Fact]
    public void BeforeTheFirstTurn_NobodyIsOnShift()
    {
        var roster = RosterOf(Day);

        Assert.Empty(RosterPolicy.OnShiftAt(roster, At("2025-12-24 12:00 +01:00")));
        Assert.Empty(RosterPolicy.OnShiftAt(roster, At("2026-03-02 07:59 +01:00")));
        Assert.Equal(["anna"], Workers(roster, At("2026-03-02 08:00 +01:00")));
    }

    [Fact]
    public void DailyWindow_CoversOnlyItsHours()
    {
        var roster = RosterOf(Day with { DailyFrom = new TimeOnly(8, 0), DailyTo = new TimeOnly(16, 0) });

        Assert.Empty(Workers(roster, At("2026-03-04 07:59 +01:00")));
        Assert.Equal(["anna"], Workers(roster, At("2026-03-04 08:00 +01:00")));
        Assert.Equal(["anna"], Workers(roster, At("2026-03-04 15:59 +01:00")));
        Assert.Empty(Workers(roster, At("2026-03-04 16:00 +01:00")));
    }

    [Fact]
    public void OvernightWindow_RunsFromEveningToNextMorning()
    {
        var night = Layer("night", ["david", "eva"], "2026-03-02", "12:00", turnDays: 1, dailyFrom: "16:00", dailyTo: "08:00");
        var roster = RosterOf(night);

        Assert.Empty(Workers(roster, At("2026-03-02 15:59 +01:00")));
        Assert.Equal(["david"], Workers(roster, At("2026-03-02 16:00 +01:00")));
        Assert.Equal(["david"], Workers(roster, At("2026-03-03 03:00 +01:00")));
        Assert.Equal(["david"], Workers(roster, At("2026-03-03 07:59 +01:00")));
        Assert.Empty(Workers(roster, At("2026-03-03 08:00 +01:00")));
        Assert.Equal(["eva"], Workers(roster, At("2026-03-03 16:00 +01:00")));
    }

    [Fact]
    public void OvernightWindow_IsCoveredByWhoeverTurnHoldsTheInstant()
    {
        // A midnight handoff splits the night: the window does not stay with the worker who opened it.
        var night = Layer("night", ["david", "eva"], "2026-03-02", "00:00", turnDays: 1, dailyFrom: "16:00", dailyTo: "08:00");
        var roster = RosterOf(night);

        Assert.Equal(["david"], Workers(roster, At("2026-03-02 23:59 +01:00")));
        Assert.Equal(["eva"], Workers(roster, At("2026-03-03 00:00 +01:00")));
    }

    [Fact]
    public void TwoLayersCoveringTheSameInstant_PutBothWorkersOnShift_InLayerOrder()
    {
        var backup = Layer("backup", ["frida", "anna"], "2026-02-23", "12:00");
        var roster = RosterOf(Day, backup);

        Assert.Equal([new OnShift("day", "anna"), new OnShift("backup", "frida")], RosterPolicy.OnShiftAt(roster, At("2026-03-02 10:00 +01:00")));
        // The same worker on two layers is on shift twice, once for each.
        Assert.Equal([new OnShift("day", "anna"), new OnShift("backup", "anna")], RosterPolicy.OnShiftAt(roster, At("2026-03-04 12:00 +01:00")));
    }

    [Fact]
    public void Override_ReplacesTheRotation_ForItsPeriodOnly()
    {
        var roster = RosterOf(Day) with { Overrides = [Override("day", "henrik", "2026-03-04 00:00", "2026-03-05 00:00")] };

        Assert.Equal(["anna"], Workers(roster, At("2026-03-03 23:59 +01:00")));
        Assert.Equal(["henrik"], Workers(roster, At("2026-03-04 00:00 +01:00")));
        Assert.Equal(["henrik"], Workers(roster, At("2026-03-04 23:59 +01:00")));
        Assert.Equal(["anna"], Workers(roster, At("2026-03-05 00:00 +01:00")));
    }

    [Fact]
    public void Override_CoversItsWholePeriod_EvenOutsideTheDailyWindow()
    {
        var daytime = Day with { DailyFrom = new TimeOnly(8, 0), DailyTo = new TimeOnly(16, 0) };
        var roster = RosterOf(daytime) with { Overrides = [Override("day", "henrik", "2026-03-04 00:00", "2026-03-05 00:00")] };

        Assert.Equal(["henrik"], Workers(roster, At("2026-03-04 03:00 +01:00")));
        Assert.Equal(["henrik"], Workers(roster, At("2026-03-04 20:00 +01:00")));
        Assert.Empty(Workers(roster, At("2026-03-05 03:00 +01:00")));
    }

    [Fact]
    public void Swap_ExchangesAAndB_OnlyInsideItsPeriod()
    {
        var roster = RosterOf(Day) with { Swaps = [Swap("day", "anna", "bo", "2026-03-06 08:00", "2026-03-13 08:00")] };

        Assert.Equal(["anna"], Workers(roster, At("2026-03-06 07:59 +01:00")));
        Assert.Equal(["bo"], Workers(roster, At("2026-03-06 08:00 +01:00")));
        Assert.Equal(["anna"], Workers(roster, At("2026-03-10 12:00 +01:00")));
        Assert.Equal(["bo"], Workers(roster, At("2026-03-13 08:00 +01:00")));
    }

    [Fact]
    public void Swap_LeavesAThirdWorkersTurnAlone()
    {
        var roster = RosterOf(Day) with { Swaps = [Swap("day", "anna", "bo", "2026-03-16 08:00", "2026-03-23 08:00")] };

        Assert.Equal(["cecilia"], Workers(roster, At("2026-03-18 12:00 +01:00")));
    }

    [Fact]
    public void Override_BeatsSwap()
    {
        var roster = RosterOf(Day) with
        {
            Swaps = [Swap("day", "anna", "bo", "2026-03-02 08:00", "2026-03-09 08:00")],
            Overrides = [Override("day", "henrik", "2026-03-04 00:00", "2026-03-05 00:00")],
        };

        Assert.Equal(["bo"], Workers(roster, At("2026-03-03 12:00 +01:00")));
        Assert.Equal(["henrik"], Workers(roster, At("2026-03-04 12:00 +01:00")));
    }

    [Fact]
    public void DailyHandoffAt0800_StaysAt0800Local_AcrossTheSpringChange()
    {
        var roster = RosterOf(Layer("daily", ["anna", "bo"], "2026-03-27", "08:00", turnDays: 1));

        Assert.Equal(["anna"], Workers(roster, At("2026-03-28 06:59 +00:00")));
        Assert.Equal(["bo"], Workers(roster, At("2026-03-28 07:00 +00:00")));
        Assert.Equal(["bo"], Workers(roster, At("2026-03-29 05:59 +00:00")));
        Assert.Equal(["anna"], Workers(roster, At("2026-03-29 06:00 +00:00")));
    }

    [Fact]
    public void DailyHandoffAt0800_StaysAt0800Local_AcrossTheAutumnChange()
    {
        var roster = RosterOf(Layer("daily", ["anna", "bo"], "2026-10-23", "08:00", turnDays: 1));

        Assert.Equal(["bo"], Workers(roster, At("2026-10-24 06:00 +00:00")));
        Assert.Equal(["bo"], Workers(roster, At("2026-10-25 06:59 +00:00")));
        Assert.Equal(["anna"], Workers(roster, At("2026-10-25 07:00 +00:00")));
    }

    [Fact]
    public void TurnsSpanningTheChange_Last23HoursInSpring_And25InAutumn()
    {
        var spring = RosterOf(Layer("daily", ["anna", "bo"], "2026-03-27", "08:00", turnDays: 1));
        var autumn = RosterOf(Layer("daily", ["anna", "bo"], "2026-10-23", "08:00", turnDays: 1));

        var springTurn = Assert.Single(RosterPolicy.Shifts(spring, At("2026-03-28 00:00 +01:00"), At("2026-03-30 00:00 +02:00")), s => s.WorkerId == "bo");
        var autumnTurn = Assert.Single(RosterPolicy.Shifts(autumn, At("2026-10-24 00:00 +02:00"), At("2026-10-26 00:00 +01:00")), s => s.WorkerId == "bo");

        Assert.Equal(new Shift("daily", "bo", At("2026-03-28 08:00 +01:00"), At("2026-03-29 08:00 +02:00")), springTurn);
        Assert.Equal(TimeSpan.FromHours(23), springTurn.End - springTurn.Start);
        Assert.Equal(new Shift("daily", "bo", At("2026-10-24 08:00 +02:00"), At("2026-10-25 08:00 +01:00")), autumnTurn);
        Assert.Equal(TimeSpan.FromHours(25), autumnTurn.End - autumnTurn.Start);
    }

    [Fact]
    public void WeeklyTurnSpanningTheSpringChange_Lasts167Hours()
    {
        var roster = RosterOf(Day);

        var turn = Assert.Single(RosterPolicy.Shifts(roster, At("2026-03-23 00:00 +01:00"), At("2026-03-31 00:00 +02:00")), s => s.WorkerId == "anna");

        Assert.Equal(new Shift("day", "anna", At("2026-03-23 08:00 +01:00"), At("2026-03-30 08:00 +02:00")), turn);
        Assert.Equal(TimeSpan.FromHours(167), turn.End - turn.Start);
    }

    [Fact]
    public void HandoffAt0230_OnTheSpringDate_HappensAt0330Local()
    {
        // 02:30 does not exist that night: the handoff moves forward by the skipped hour, to 01:30Z.
        var roster = RosterOf(Layer("daily", ["anna", "bo"], "2026-03-28", "02:30", turnDays: 1));

        Assert.Equal(["anna"], Workers(roster, At("2026-03-29 03:00 +02:00")));
        Assert.Equal(["anna"], Workers(roster, At("2026-03-29 03:29 +02:00")));
        Assert.Equal(["bo"], Workers(roster, At("2026-03-29 03:30 +02:00")));
        Assert.Equal(["bo"], Workers(roster, At("2026-03-29 01:30 +00:00")));
    }

    [Fact]
    public void HandoffAt0230_OnTheAutumnDate_HappensAtTheFirst0230_AndDoesNotHandBack()
    {
        var roster = RosterOf(Layer("daily", ["anna", "bo"], "2026-10-24", "02:30", turnDays: 1));

        Assert.Equal(["anna"], Workers(roster, At("2026-10-25 02:29 +02:00")));
        Assert.Equal(["bo"], Workers(roster, At("2026-10-25 02:30 +02:00")));
        // The repeated hour: local 02:15 again, in winter time.
        Assert.Equal(["bo"], Workers(roster, At("2026-10-25 02:15 +01:00")));
    }

    [Fact]
    public void Shifts_OverTwoWeeks_GiveEachLayersTurns_ClippedAndInStartOrder_WithTouchingSameWorkerShiftsMerged()
    {
        var backup = Layer("backup", ["frida", "gustav"], "2026-02-23", "12:00");
        // anna stays on four hours into bo's week: one shift for her, not two.
        var roster = RosterOf(Day, backup) with { Overrides = [Override("day", "anna", "2026-03-09 08:00", "2026-03-09 12:00")] };

        var shifts = RosterPolicy.Shifts(roster, At("2026-03-02 00:00 +01:00"), At("2026-03-16 00:00 +01:00"));

        Assert.Equal(
            [
                new Shift("backup", "frida", At("2026-03-02 00:00 +01:00"), At("2026-03-02 12:00 +01:00")),
                new Shift("day", "anna", At("2026-03-02 08:00 +01:00"), At("2026-03-09 12:00 +01:00")),
                new Shift("backup", "gustav", At("2026-03-02 12:00 +01:00"), At("2026-03-09 12:00 +01:00")),
                new Shift("day", "bo", At("2026-03-09 12:00 +01:00"), At("2026-03-16 00:00 +01:00")),
                new Shift("backup", "frida", At("2026-03-09 12:00 +01:00"), At("2026-03-16 00:00 +01:00")),
            ],
            shifts);
        Assert.All(shifts, s => Assert.Equal(TimeSpan.Zero, s.Start.Offset));
    }

    [Fact]
    public void Shifts_WithAnOvernightWindow_GiveOneShiftPerNight()
    {
        var roster = RosterOf(Day with { DailyFrom = new TimeOnly(16, 0), DailyTo = new TimeOnly(8, 0) });

        var shifts = RosterPolicy.Shifts(roster, At("2026-03-02 00:00 +01:00"), At("2026-03-04 00:00 +01:00"));

        Assert.Equal(
            [
                new Shift("day", "anna", At("2026-03-02 16:00 +01:00"), At("2026-03-03 08:00 +01:00")),
                new Shift("day", "anna", At("2026-03-03 16:00 +01:00"), At("2026-03-04 00:00 +01:00")),
            ],
            shifts);
    }

    [Fact]
    public void Shifts_AgreeWithOnShiftAt_EveryQuarterHour_AcrossBothDaylightSavingChanges()
    {
        var roster = new Roster(
            [
                Day,
                Layer("night", ["david", "eva"], "2026-03-01", "02:30", turnDays: 1, dailyFrom: "16:00", dailyTo: "02:30"),
                Layer("early", ["frida", "gustav", "henrik"], "2026-03-01", "00:00", turnDays: 2, dailyFrom: "02:15", dailyTo: "03:00"),
            ],
            [
                Override("day", "ivar", "2026-03-28 20:00", "2026-03-29 10:00"),
                Override("night", "ivar", "2026-10-24 23:00", "2026-10-25 02:45"),
            ],
            [
                Swap("day", "anna", "bo", "2026-03-20 00:00", "2026-04-10 00:00"),
                Swap("night", "david", "eva", "2026-10-25 02:00", "2026-10-27 02:00"),
            ]);

        foreach (var (from, to) in new[]
        {
            (At("2026-03-25 00:00 +01:00"), At("2026-04-02 00:00 +02:00")),
            (At("2026-10-21 00:00 +02:00"), At("2026-10-29 00:00 +01:00")),
        })
        {
            var shifts = RosterPolicy.Shifts(roster, from, to);
            for (var at = from; at < to; at = at.AddMinutes(15))
            {
                var expected = RosterPolicy.OnShiftAt(roster, at).Select(s => $"{s.LayerId}:{s.WorkerId}").Order();
                var calendar = shifts.Where(s => s.Start <= at && at < s.End).Select(s => $"{s.LayerId}:{s.WorkerId}").Order();
                Assert.True(expected.SequenceEqual(calendar), $"At {at:O}: on shift {string.Join(", ", expected)}, calendar {string.Join(", ", calendar)}");
            }

            foreach (var layer in shifts.GroupBy(s => s.LayerId))
            {
                Assert.DoesNotContain(layer.Zip(layer.Skip(1)), pair => pair.First.End == pair.Second.Start && pair.First.WorkerId == pair.Second.WorkerId);
            }
        }
    }

    [Fact]
    public void ToInstant_OrdinaryTimes_TakeTheSeasonsOffset()
    {
        Assert.Equal(At("2026-01-15 11:00 +00:00"), RosterPolicy.ToInstant(Local("2026-01-15 12:00")));
        Assert.Equal(At("2026-07-01 10:00 +00:00"), RosterPolicy.ToInstant(Local("2026-07-01 12:00")));
        Assert.Equal(TimeSpan.Zero, RosterPolicy.ToInstant(Local("2026-07-01 12:00")).Offset);
    }

    [Fact]
    public void ToInstant_TimeInTheSpringGap_MovesForwardByTheGap()
    {
        Assert.Equal(At("2026-03-29 03:30 +02:00"), RosterPolicy.ToInstant(Local("2026-03-29 02:30")));
        Assert.Equal(At("2026-03-29 01:30 +00:00"), RosterPolicy.ToInstant(Local("2026-03-29 02:30")));
    }

    [Fact]
    public void ToInstant_AmbiguousAutumnTime_TakesTheFirstOccurrence()
    {
        Assert.Equal(At("2026-10-25 02:30 +02:00"), RosterPolicy.ToInstant(Local("2026-10-25 02:30")));
        Assert.Equal(At("2026-10-25 03:00 +01:00"), RosterPolicy.ToInstant(Local("2026-10-25 03:00")));
    }

    [Fact]
    public void Validate_AcceptsAValidRoster_AndTheEmptyOne()
    {
        RosterPolicy.Validate(Roster.Empty);
        RosterPolicy.Validate(RosterOf(Day, Layer("night", ["david"], "2026-03-02", "16:00", dailyFrom: "16:00", dailyTo: "08:00")) with
        {
            Overrides = [Override("day", "henrik", "2026-03-04 00:00", "2026-06-02 00:00")],
            Swaps = [Swap("night", "david", "eva", "2026-03-04 00:00", "2026-03-05 00:00")],
        });
    }

    public static TheoryData<string, Roster> Broken => new()
    {
        { "layers", RosterOf([.. Enumerable.Range(0, 21).Select(i => Day with { Id = $"layer-{i}" })]) },
        { "layers[0].id", RosterOf(Day with { Id = " " }) },
        { "layers[1].id", RosterOf(Day, Day with { Name = "Again" }) },
        { "layers[0].name", RosterOf(Day with { Name = "" }) },
        { "layers[0].name", RosterOf(Day with { Name = new string('x', 81) }) },
        { "layers[0].workers", RosterOf(Day with { Workers = [] }) },
        { "layers[0].workers", RosterOf(Day with { Workers = ["anna", ""] }) },
        { "layers[0].turnLengthDays", RosterOf(Day with { TurnLengthDays = 0 }) },
        { "layers[0].turnLengthDays", RosterOf(Day with { TurnLengthDays = 29 }) },
        { "layers[0].dailyTo", RosterOf(Day with { DailyFrom = new TimeOnly(8, 0) }) },
        { "layers[0].dailyFrom", RosterOf(Day with { DailyTo = new TimeOnly(8, 0) }) },
        { "layers[0].dailyTo", RosterOf(Day with { DailyFrom = new TimeOnly(8, 0), DailyTo = new TimeOnly(8, 0) }) },
        { "overrides", RosterOf(Day) with { Overrides = [.. Enumerable.Range(0, 501).Select(i => Override("day", "anna", "2026-03-04 00:00", "2026-03-05 00:00") with { Id = $"o-{i}" })] } },
        { "overrides[0].layerId", RosterOf(Day) with { Overrides = [Override("nowhere", "anna", "2026-03-04 00:00", "2026-03-05 00:00")] } },
        { "overrides[0].workerId", RosterOf(Day) with { Overrides = [Override("day", "", "2026-03-04 00:00", "2026-03-05 00:00")] } },
        { "overrides[1].id", RosterOf(Day) with { Overrides = [Override("day", "anna", "2026-03-04 00:00", "2026-03-05 00:00") with { Id = "same" }, Override("day", "bo", "2026-03-06 00:00", "2026-03-07 00:00") with { Id = "same" }] } },
        { "overrides[1].to", RosterOf(Day) with { Overrides = [Override("day", "anna", "2026-03-04 00:00", "2026-03-05 00:00"), Override("day", "bo", "2026-03-06 00:00", "2026-03-06 00:00")] } },
        { "overrides[0].to", RosterOf(Day) with { Overrides = [Override("day", "anna", "2026-03-04 00:00", "2026-06-02 00:01")] } },
        { "overrides[0].from", RosterOf(Day) with { Overrides = [Override("day", "anna", "2026-03-04 00:00", "2026-03-05 00:00") with { From = new DateTime(2026, 3, 4, 0, 0, 0, DateTimeKind.Utc) }] } },
        { "overrides[0].note", RosterOf(Day) with { Overrides = [Override("day", "anna", "2026-03-04 00:00", "2026-03-05 00:00") with { Note = new string('x', 201) }] } },
        { "swaps", RosterOf(Day) with { Swaps = [.. Enumerable.Range(0, 501).Select(i => Swap("day", "anna", "bo", "2026-03-04 00:00", "2026-03-05 00:00") with { Id = $"s-{i}" })] } },
        { "swaps[0].layerId", RosterOf(Day) with { Swaps = [Swap("nowhere", "anna", "bo", "2026-03-04 00:00", "2026-03-05 00:00")] } },
        { "swaps[0].workerB", RosterOf(Day) with { Swaps = [Swap("day", "anna", "anna", "2026-03-04 00:00", "2026-03-05 00:00")] } },
        { "swaps[0].to", RosterOf(Day) with { Swaps = [Swap("day", "anna", "bo", "2026-03-05 00:00", "2026-03-04 00:00")] } },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Validate_RejectsABrokenRule_NamingTheField(string field, Roster roster)
    {
        var error = Assert.Throws<ValidationException>(() => RosterPolicy.Validate(roster));

        Assert.Equal(field, error.Field);
    }

    private static IEnumerable<string> Workers(Roster roster, DateTimeOffset at) =>
        RosterPolicy.OnShiftAt(roster, at).Select(s => s.WorkerId);

    private static Roster RosterOf(params RotationLayer[] layers) => new(layers, [], []);

    private static RotationLayer Layer(
        string id, string[] workers, string startDate, string handoff, int turnDays = 7, string? dailyFrom = null, string? dailyTo = null) =>
        new(id, $"Layer {id}", workers, DateOnly.Parse(startDate, CultureInfo.InvariantCulture), TimeOnly.Parse(handoff, CultureInfo.InvariantCulture),
            turnDays, dailyFrom is null ? null : TimeOnly.Parse(dailyFrom, CultureInfo.InvariantCulture),
            dailyTo is null ? null : TimeOnly.Parse(dailyTo, CultureInfo.InvariantCulture));

    private static RosterOverride Override(string layerId, string workerId, string from, string to) =>
        new($"override-{layerId}-{from}", layerId, workerId, Local(from), Local(to), null);

    private static RosterSwap Swap(string layerId, string a, string b, string from, string to) =>
        new($"swap-{layerId}-{from}", layerId, a, b, Local(from), Local(to));

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static DateTime Local(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture);
}
