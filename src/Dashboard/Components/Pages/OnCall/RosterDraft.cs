using System.Globalization;
using Coordination.Grains.OnCall;
using Coordination.Grains.Security;

namespace Coordination.Dashboard.Components.Pages.OnCall;

/// <summary>
/// The roster as the editor holds it: the browser's date and time inputs give strings (yyyy-MM-dd, HH:mm,
/// yyyy-MM-ddTHH:mm, Stockholm local time); they become a <see cref="Roster"/> on save.
/// </summary>
public sealed class RosterDraft
{
    public List<Layer> Layers { get; } = [];

    public List<Override> Overrides { get; } = [];

    public List<Swap> Swaps { get; } = [];

    public static RosterDraft From(Roster roster)
    {
        var draft = new RosterDraft();
        draft.Layers.AddRange(roster.Layers.Select(l => new Layer
        {
            Id = l.Id,
            Name = l.Name,
            Workers = [.. l.Workers],
            StartDate = l.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Handoff = Time(l.HandoffTime),
            TurnLengthDays = l.TurnLengthDays,
            DailyFrom = l.DailyFrom is { } from ? Time(from) : null,
            DailyTo = l.DailyTo is { } to ? Time(to) : null,
        }));
        draft.Overrides.AddRange(roster.Overrides.Select(o => new Override
        {
            Id = o.Id, LayerId = o.LayerId, WorkerId = o.WorkerId, From = Local(o.From), To = Local(o.To), Note = o.Note,
        }));
        draft.Swaps.AddRange(roster.Swaps.Select(s => new Swap
        {
            Id = s.Id, LayerId = s.LayerId, WorkerA = s.WorkerA, WorkerB = s.WorkerB, From = Local(s.From), To = Local(s.To),
        }));
        return draft;
    }

    /// <exception cref="ValidationException">A field the browser left empty or malformed, named like the API names it.</exception>
    public Roster ToRoster() => new(
        [.. Layers.Select((l, i) => new RotationLayer(
            l.Id, l.Name?.Trim() ?? "", [.. l.Workers],
            ParseDate($"layers[{i}].startDate", l.StartDate),
            ParseTime($"layers[{i}].handoffTime", l.Handoff)!.Value,
            l.TurnLengthDays,
            ParseTime($"layers[{i}].dailyFrom", l.DailyFrom, optional: true),
            ParseTime($"layers[{i}].dailyTo", l.DailyTo, optional: true)))],
        [.. Overrides.Select((o, i) => new RosterOverride(
            o.Id, o.LayerId ?? "", o.WorkerId ?? "", ParseLocal($"overrides[{i}].from", o.From), ParseLocal($"overrides[{i}].to", o.To),
            string.IsNullOrWhiteSpace(o.Note) ? null : o.Note.Trim()))],
        [.. Swaps.Select((s, i) => new RosterSwap(
            s.Id, s.LayerId ?? "", s.WorkerA ?? "", s.WorkerB ?? "", ParseLocal($"swaps[{i}].from", s.From), ParseLocal($"swaps[{i}].to", s.To)))]);

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Local(DateTime local) => local.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string field, string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ValidationException(field, "Choose a date.");

    private static TimeOnly? ParseTime(string field, string? text, bool optional = false)
    {
        if (string.IsNullOrWhiteSpace(text) && optional)
        {
            return null;
        }

        return TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new ValidationException(field, "Choose a time.");
    }

    private static DateTime ParseLocal(string field, string? text) =>
        DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? DateTime.SpecifyKind(local, DateTimeKind.Unspecified)
            : throw new ValidationException(field, "Choose a date and time.");

    public sealed class Layer
    {
        public string Id { get; set; } = Guid.NewGuid().ToString("N")[..8];
        public string? Name { get; set; }
        public List<string> Workers { get; set; } = [];
        public string? StartDate { get; set; }
        public string? Handoff { get; set; } = "08:00";
        public int TurnLengthDays { get; set; } = 7;
        public string? DailyFrom { get; set; }
        public string? DailyTo { get; set; }
    }

    public sealed class Override
    {
        public string Id { get; set; } = Guid.NewGuid().ToString("N")[..8];
        public string? LayerId { get; set; }
        public string? WorkerId { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
        public string? Note { get; set; }
    }

    public sealed class Swap
    {
        public string Id { get; set; } = Guid.NewGuid().ToString("N")[..8];
        public string? LayerId { get; set; }
        public string? WorkerA { get; set; }
        public string? WorkerB { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
    }
}
