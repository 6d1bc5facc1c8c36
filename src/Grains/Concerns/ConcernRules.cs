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

    public static BreachedStages AsBreach(ConcernStage stage) => (BreachedStages)(1 << (int)stage);

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

    /// <summary>Two people changing the same concern: the second is told, never silently overwrites the first.</summary>
    public static void EnsureRevision(ConcernState concern, long? expectedRevision)
    {
        if (expectedRevision is { } expected && expected != concern.Revision)
        {
            throw new Security.ConflictException("The concern was changed by someone else meanwhile; look at its new state and try again.");
        }
    }

    /// <summary>A coordinator assigns (or reassigns) any open concern that has been triaged.</summary>
    public static void EnsureCanAssign(ConcernState concern)
    {
        if (concern.Status is ConcernStatus.Reported or ConcernStatus.Closed)
        {
            throw new Security.ConflictException(concern.Status == ConcernStatus.Closed
                ? "The concern is closed."
                : "Triage the concern before assigning it.");
        }
    }

    /// <summary>Only the worker the concern is offered to may accept or decline it, and only while it is offered.</summary>
    public static void EnsureOfferedTo(ConcernState concern, Security.Caller caller)
    {
        if (concern.AssignedTo != caller.UserId)
        {
            throw new Security.AccessDeniedException("The concern is not assigned to you.");
        }

        if (concern.Status != ConcernStatus.Assigned)
        {
            throw new Security.ConflictException($"The concern is {concern.Status}, not waiting for your answer.");
        }
    }

    /// <summary>
    /// Handling steps (contact, support, referral, notes, closure) are for the worker who accepted the concern
    /// and for coordinators; a worker may not handle a concern before accepting it.
    /// </summary>
    public static void EnsureMayHandle(ConcernState concern, Security.Caller caller)
    {
        var isAssignedWorker = caller.Is(Security.CallerRoles.SocialWorker) && concern.AssignedTo == caller.UserId;
        if (!caller.IsCoordinator && !isAssignedWorker)
        {
            throw new Security.AccessDeniedException("Only the assigned worker and coordinators may handle this concern.");
        }

        EnsureOpen(concern);
        if (!caller.IsCoordinator && concern.Status == ConcernStatus.Assigned)
        {
            throw new Security.ConflictException("Accept the concern before handling it.");
        }

        if (IsInTriage(concern.Status) && !caller.IsCoordinator)
        {
            throw new Security.ConflictException("The concern is in triage.");
        }
    }

    /// <summary>The reporting partner never reads details; coordinators and the worker it is assigned to do.</summary>
    public static bool MayReadDetails(ConcernState concern, Security.Caller caller) =>
        caller.IsCoordinator || (caller.Is(Security.CallerRoles.SocialWorker) && concern.AssignedTo == caller.UserId);

    public static string? CleanText(string field, string? text, int maxLength, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return required ? throw new Security.ValidationException(field, "Required.") : null;
        }

        var trimmed = text.Trim();
        return trimmed.Length > maxLength
            ? throw new Security.ValidationException(field, $"At most {maxLength} characters.")
            : trimmed;
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
