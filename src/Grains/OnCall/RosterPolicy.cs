using Coordination.Grains.Security;

namespace Coordination.Grains.OnCall;

/// <summary>
/// Who is on shift, as plain rules. Every time in a roster is a Stockholm wall-clock time and becomes an instant
/// through <see cref="ToInstant"/> (handoffs, window edges, override and swap periods alike), so a handoff at 08:00
/// stays at 08:00 local across daylight saving. The rules assume a roster that passed <see cref="Validate"/>.
/// </summary>
public static class RosterPolicy
{
    public const int MaxLayers = 20;
    public const int MaxOverrides = 500;
    public const int MaxSwaps = 500;
    public const int NameMaxLength = 80;
    public const int NoteMaxLength = 200;
    public const int MaxTurnLengthDays = 28;
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(90);

    public static TimeZoneInfo CityZone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>Everyone the layers yield at the instant, in layer order.</summary>
    public static IReadOnlyList<OnShift> OnShiftAt(Roster roster, DateTimeOffset instant) =>
        [.. roster.Layers
            .Select(layer => (layer.Id, Worker: WorkerAt(Plan(roster, layer), instant)))
            .Where(x => x.Worker is not null)
            .Select(x => new OnShift(x.Id, x.Worker!))
            .Distinct()];

    /// <summary>
    /// The calendar of [<paramref name="from"/>, <paramref name="to"/>): each layer's uninterrupted shifts, ordered by
    /// start then layer. The worker can only change at a turn, window, override or swap edge, so it is evaluated once
    /// between consecutive edges.
    /// </summary>
    public static IReadOnlyList<Shift> Shifts(Roster roster, DateTimeOffset from, DateTimeOffset to)
    {
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        var shifts = new List<(Shift Shift, int Layer)>();
        for (var i = 0; from < to && i < roster.Layers.Count; i++)
        {
            var plan = Plan(roster, roster.Layers[i]);
            var edges = Edges(plan, from, to).Where(e => e > from && e < to).Append(from).Append(to).Distinct().Order().ToList();
            Shift? open = null;
            for (var j = 0; j < edges.Count - 1; j++)
            {
                var worker = WorkerAt(plan, edges[j]);
                if (open is not null && open.WorkerId == worker)
                {
                    open = open with { End = edges[j + 1] };
                    continue;
                }

                if (open is not null)
                {
                    shifts.Add((open, i));
                }

                open = worker is null ? null : new Shift(plan.Layer.Id, worker, edges[j], edges[j + 1]);
            }

            if (open is not null)
            {
                shifts.Add((open, i));
            }
        }

        return [.. shifts.OrderBy(s => s.Shift.Start).ThenBy(s => s.Layer).Select(s => s.Shift)];
    }

    /// <summary>
    /// The instant (in UTC) of a Stockholm wall-clock time. A time the clocks skip in spring moves forward by the gap
    /// (02:30 becomes 03:30); a time that occurs twice in autumn is its first occurrence (summer time).
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // Read with the offset in force before the gap (a day earlier), a skipped time lands one gap later.
        var offset = CityZone.IsInvalidTime(local) ? CityZone.GetUtcOffset(local.AddDays(-1))
            : CityZone.IsAmbiguousTime(local) ? CityZone.GetAmbiguousTimeOffsets(local).Max()
            : CityZone.GetUtcOffset(local);
        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }

    public static void Validate(Roster roster)
    {
        if (roster.Layers.Count > MaxLayers)
        {
            throw new ValidationException("layers", $"At most {MaxLayers} layers.");
        }

        if (roster.Overrides.Count > MaxOverrides)
        {
            throw new ValidationException("overrides", $"At most {MaxOverrides} overrides.");
        }

        if (roster.Swaps.Count > MaxSwaps)
        {
            throw new ValidationException("swaps", $"At most {MaxSwaps} swaps.");
        }

        var layerIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < roster.Layers.Count; i++)
        {
            ValidateLayer(roster.Layers[i], $"layers[{i}]", layerIds);
        }

        var overrideIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < roster.Overrides.Count; i++)
        {
            var field = $"overrides[{i}]";
            var item = roster.Overrides[i];
            ValidateChange(item.Id, item.LayerId, item.From, item.To, field, overrideIds, layerIds);
            if (string.IsNullOrWhiteSpace(item.WorkerId))
            {
                throw new ValidationException($"{field}.workerId", "Required.");
            }

            if (item.Note is { Length: > NoteMaxLength })
            {
                throw new ValidationException($"{field}.note", $"At most {NoteMaxLength} characters.");
            }
        }

        var swapIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < roster.Swaps.Count; i++)
        {
            var field = $"swaps[{i}]";
            var item = roster.Swaps[i];
            ValidateChange(item.Id, item.LayerId, item.From, item.To, field, swapIds, layerIds);
            if (string.IsNullOrWhiteSpace(item.WorkerA))
            {
                throw new ValidationException($"{field}.workerA", "Required.");
            }

            if (string.IsNullOrWhiteSpace(item.WorkerB))
            {
                throw new ValidationException($"{field}.workerB", "Required.");
            }

            if (item.WorkerA == item.WorkerB)
            {
                throw new ValidationException($"{field}.workerB", "Choose two different workers.");
            }
        }
    }

    private static void ValidateLayer(RotationLayer layer, string field, HashSet<string> layerIds)
    {
        if (string.IsNullOrWhiteSpace(layer.Id))
        {
            throw new ValidationException($"{field}.id", "Required.");
        }

        if (!layerIds.Add(layer.Id))
        {
            throw new ValidationException($"{field}.id", "Already used by another layer.");
        }

        if (string.IsNullOrWhiteSpace(layer.Name))
        {
            throw new ValidationException($"{field}.name", "Required.");
        }

        if (layer.Name.Length > NameMaxLength)
        {
            throw new ValidationException($"{field}.name", $"At most {NameMaxLength} characters.");
        }

        if (layer.Workers.Count == 0)
        {
            throw new ValidationException($"{field}.workers", "At least one worker.");
        }

        if (layer.Workers.Any(string.IsNullOrWhiteSpace))
        {
            throw new ValidationException($"{field}.workers", "A worker is missing.");
        }

        if (layer.TurnLengthDays is < 1 or > MaxTurnLengthDays)
        {
            throw new ValidationException($"{field}.turnLengthDays", $"From 1 to {MaxTurnLengthDays} days.");
        }

        if (layer.DailyFrom is null != layer.DailyTo is null)
        {
            throw new ValidationException(layer.DailyFrom is null ? $"{field}.dailyFrom" : $"{field}.dailyTo", "Give both ends of the daily window, or neither.");
        }

        if (layer.DailyFrom is not null && layer.DailyFrom == layer.DailyTo)
        {
            throw new ValidationException($"{field}.dailyTo", "The daily window must not end when it starts.");
        }
    }

    private static void ValidateChange(
        string id, string layerId, DateTime from, DateTime to, string field, HashSet<string> ids, HashSet<string> layerIds)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ValidationException($"{field}.id", "Required.");
        }

        if (!ids.Add(id))
        {
            throw new ValidationException($"{field}.id", "Already used.");
        }

        if (!layerIds.Contains(layerId))
        {
            throw new ValidationException($"{field}.layerId", "Unknown layer.");
        }

        // An offset or UTC marker would mean the caller sent an instant where a Stockholm wall-clock time belongs.
        if (from.Kind != DateTimeKind.Unspecified)
        {
            throw new ValidationException($"{field}.from", "A Stockholm local time, without offset.");
        }

        if (to.Kind != DateTimeKind.Unspecified)
        {
            throw new ValidationException($"{field}.to", "A Stockholm local time, without offset.");
        }

        if (to <= from)
        {
            throw new ValidationException($"{field}.to", "The period must end after it starts.");
        }

        if (to - from > MaxPeriod)
        {
            throw new ValidationException($"{field}.to", $"At most {MaxPeriod.Days} days.");
        }
    }

    /// <summary>Rotation, then swaps, then overrides: an override wins, and of overlapping overrides the later one.</summary>
    private static string? WorkerAt(LayerPlan plan, DateTimeOffset instant)
    {
        if (plan.Overrides.LastOrDefault(o => o.From <= instant && instant < o.To) is { } cover)
        {
            return cover.WorkerId;
        }

        if (!InWindow(plan.Layer, instant) || TurnAt(plan.Layer, instant) is not { } turn)
        {
            return null;
        }

        var worker = plan.Layer.Workers[turn % plan.Layer.Workers.Count];
        foreach (var swap in plan.Swaps.Where(s => s.From <= instant && instant < s.To))
        {
            worker = worker == swap.A ? swap.B : worker == swap.B ? swap.A : worker;
        }

        return worker;
    }

    /// <summary>The index of the turn in force at the instant; null before the first turn.</summary>
    private static int? TurnAt(RotationLayer layer, DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        var days = DateOnly.FromDateTime(local).DayNumber - layer.StartDate.DayNumber
            - (TimeOnly.FromDateTime(local) < layer.HandoffTime ? 1 : 0);
        var turn = days < 0 ? -1 : days / layer.TurnLengthDays;

        // The wall-clock estimate is one turn off only when the handoff falls in the hour that daylight saving
        // skips or repeats; the handoff's own instant decides.
        if (TurnStart(layer, turn + 1) <= instant)
        {
            turn++;
        }
        else if (turn >= 0 && TurnStart(layer, turn) > instant)
        {
            turn--;
        }

        return turn >= 0 ? turn : null;
    }

    private static DateTimeOffset TurnStart(RotationLayer layer, int turn) =>
        ToInstant(layer.StartDate.AddDays(turn * layer.TurnLengthDays).ToDateTime(layer.HandoffTime));

    private static bool InWindow(RotationLayer layer, DateTimeOffset instant)
    {
        if (layer is not { DailyFrom: { } from, DailyTo: { } to })
        {
            return true;
        }

        // Only the window opened on the instant's local date, or an overnight one opened the day before, can hold it.
        var date = DateOnly.FromDateTime(ToLocal(instant));
        return new[] { date.AddDays(-1), date }.Select(d => Window(d, from, to)).Any(w => w.Opens <= instant && instant < w.Closes);
    }

    private static (DateTimeOffset Opens, DateTimeOffset Closes) Window(DateOnly date, TimeOnly from, TimeOnly to) =>
        (ToInstant(date.ToDateTime(from)), ToInstant((to > from ? date : date.AddDays(1)).ToDateTime(to)));

    private static IEnumerable<DateTimeOffset> Edges(LayerPlan plan, DateTimeOffset from, DateTimeOffset to)
    {
        var layer = plan.Layer;
        for (var turn = TurnAt(layer, from) is { } current ? current + 1 : 0; TurnStart(layer, turn) < to; turn++)
        {
            yield return TurnStart(layer, turn);
        }

        if (layer is { DailyFrom: { } dailyFrom, DailyTo: { } dailyTo })
        {
            var last = DateOnly.FromDateTime(ToLocal(to));
            for (var date = DateOnly.FromDateTime(ToLocal(from)).AddDays(-1); date <= last; date = date.AddDays(1))
            {
                var (opens, closes) = Window(date, dailyFrom, dailyTo);
                yield return opens;
                yield return closes;
            }
        }

        foreach (var change in plan.Overrides.Select(o => (o.From, o.To)).Concat(plan.Swaps.Select(s => (s.From, s.To))))
        {
            yield return change.From;
            yield return change.To;
        }
    }

    private static DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, CityZone).DateTime;

    private static LayerPlan Plan(Roster roster, RotationLayer layer) => new(
        layer,
        [.. roster.Overrides.Where(o => o.LayerId == layer.Id).Select(o => new Cover(ToInstant(o.From), ToInstant(o.To), o.WorkerId))],
        [.. roster.Swaps.Where(s => s.LayerId == layer.Id).Select(s => new Exchange(ToInstant(s.From), ToInstant(s.To), s.WorkerA, s.WorkerB))]);

    /// <summary>A layer with its overrides and swaps as instants.</summary>
    private sealed record LayerPlan(RotationLayer Layer, IReadOnlyList<Cover> Overrides, IReadOnlyList<Exchange> Swaps);

    private sealed record Cover(DateTimeOffset From, DateTimeOffset To, string WorkerId);

    private sealed record Exchange(DateTimeOffset From, DateTimeOffset To, string A, string B);
}
