namespace Coordination.Grains.Concerns;

/// <summary>The concern lifecycle of DOMAIN.md as plain rules: the grain asks, tests can too.</summary>
public static class ConcernRules
{
    public const int FreeTextMaxLength = 2000;
    public static readonly TimeSpan ObservedAtMaxAge = TimeSpan.FromDays(365);
    public static readonly TimeSpan ClockSkewTolerance = TimeSpan.FromMinutes(5);

    public static PublicStatus PublicStatusOf(ConcernStatus status) => status switch
    {
        ConcernStatus.Reported => PublicStatus.Received,
        ConcernStatus.Closed => PublicStatus.Closed,
        _ => PublicStatus.BeingHandled,
    };

    /// <summary>Only concerns not yet handed to a worker can be triaged, merged or closed as unfounded.</summary>
    public static bool IsInTriage(ConcernStatus status) =>
        status is ConcernStatus.Reported or ConcernStatus.Triaged;

    public static void EnsureCanTriage(ConcernState concern)
    {
        if (concern.Status != ConcernStatus.Reported)
        {
            throw new Security.ConflictException($"A concern that is {concern.Status} cannot be marked as triaged.");
        }
    }

    public static void EnsureOpen(ConcernState concern)
    {
        if (concern.Status == ConcernStatus.Closed)
        {
            throw new Security.ConflictException("The concern is closed.");
        }
    }

    public static void EnsureInTriage(ConcernState concern, string action)
    {
        if (!IsInTriage(concern.Status))
        {
            throw new Security.ConflictException($"A concern that is {concern.Status} cannot be {action}.");
        }
    }

    /// <summary>Checks a report against the reporter's checklist and the tenant's areas; names the field at fault.</summary>
    public static void Validate(ReportConcern report, IReadOnlyList<string> checklist, IReadOnlyList<string> areas, DateTimeOffset now)
    {
        if (!Enum.IsDefined(report.PlaceKind))
        {
            throw new Security.ValidationException("placeKind", "Unknown kind of place.");
        }

        if (!Enum.IsDefined(report.Urgency))
        {
            throw new Security.ValidationException("urgency", "Unknown urgency.");
        }

        if (string.IsNullOrWhiteSpace(report.Area) || !areas.Contains(report.Area, StringComparer.Ordinal))
        {
            throw new Security.ValidationException("area", "Choose one of the tenant's areas.");
        }

        if (report.ObservedAt > now + ClockSkewTolerance)
        {
            throw new Security.ValidationException("observedAt", "The time observed cannot be in the future.");
        }

        if (report.ObservedAt < now - ObservedAtMaxAge)
        {
            throw new Security.ValidationException("observedAt", "The time observed is more than a year ago.");
        }

        var unknown = report.Indicators.FirstOrDefault(code => !checklist.Contains(code, StringComparer.Ordinal));
        if (unknown is not null)
        {
            throw new Security.ValidationException("indicators", $"'{unknown}' is not on the checklist for this partner.");
        }

        if (report.Indicators.Distinct(StringComparer.Ordinal).Count() != report.Indicators.Count)
        {
            throw new Security.ValidationException("indicators", "An indicator is ticked twice.");
        }

        if (report.FreeText is { Length: > FreeTextMaxLength })
        {
            throw new Security.ValidationException("freeText", $"At most {FreeTextMaxLength} characters.");
        }

        if (report.Indicators.Count == 0 && string.IsNullOrWhiteSpace(report.FreeText))
        {
            throw new Security.ValidationException("indicators", "Tick at least one sign or describe what you saw.");
        }
    }
}
