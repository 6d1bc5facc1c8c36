using Coordination.Grains.Partners;
using Coordination.Grains.Scheduling;
using Coordination.Grains.Security;

namespace Coordination.Grains.Alerts;

/// <summary>Who an alert reaches and what a valid alert is, as plain rules.</summary>
public static class AlertRules
{
    public const int TitleMaxLength = 120;
    public const int MessageMaxLength = 2000;
    public const int CommentMaxLength = 500;

    // Deadline kinds are stored with the deadlines: they never change.
    public const string RemindKind = "remind";
    public const string EscalateKind = "escalate";
    public const string ExpireKind = "expire";

    /// <summary>
    /// The deadlines a new alert starts with: the reminder, the escalation (not for system alerts) and the expiry.
    /// A reminder or escalation that would come at or after the expiry is not set: the alert is gone by then.
    /// </summary>
    public static IReadOnlyList<Deadline> InitialDeadlines(DateTimeOffset sentAt, SeverityTiming timing, DateTimeOffset? expiresAt, bool isSystem)
    {
        List<Deadline> deadlines = [new(RemindKind, sentAt + timing.Reminder)];
        if (!isSystem)
        {
            deadlines.Add(new(EscalateKind, sentAt + timing.Escalation));
        }

        return [.. deadlines.Where(d => expiresAt is null || d.DueAt < expiresAt), .. Expiry(expiresAt)];
    }

    /// <summary>What is left once nobody needs reminding or escalating any more: the expiry alone, if the alert has one.</summary>
    public static IReadOnlyList<Deadline> Expiry(DateTimeOffset? expiresAt) => expiresAt is { } at ? [new(ExpireKind, at)] : [];

    /// <summary>The organisations an alert is addressed to, in name order.</summary>
    public static IReadOnlyList<Organisation> Addressees(AlertDraft draft, IReadOnlyList<Organisation> organisations)
    {
        var byGroup = draft.Kinds.Count > 0 || draft.Areas.Count > 0
            ? organisations.Where(o =>
                (draft.Kinds.Count == 0 || draft.Kinds.Contains(o.Kind)) &&
                (draft.Areas.Count == 0 || o.Areas.Count == 0 || o.Areas.Intersect(draft.Areas, StringComparer.Ordinal).Any()))
            : [];
        var chosen = organisations.Where(o => draft.OrganisationIds.Contains(o.Id, StringComparer.Ordinal));
        return [.. byGroup.Union(chosen).DistinctBy(o => o.Id).OrderBy(o => o.Name, StringComparer.Ordinal)];
    }

    public static void Validate(AlertDraft draft, IReadOnlyList<Organisation> organisations, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(draft.Title))
        {
            throw new ValidationException("title", "Required.");
        }

        if (draft.Title.Length > TitleMaxLength)
        {
            throw new ValidationException("title", $"At most {TitleMaxLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(draft.Message))
        {
            throw new ValidationException("message", "Required.");
        }

        if (draft.Message.Length > MessageMaxLength)
        {
            throw new ValidationException("message", $"At most {MessageMaxLength} characters.");
        }

        if (!Enum.IsDefined(draft.Severity))
        {
            throw new ValidationException("severity", "Unknown severity.");
        }

        var unknown = draft.OrganisationIds.FirstOrDefault(id => organisations.All(o => o.Id != id));
        if (unknown is not null)
        {
            throw new ValidationException("organisationIds", $"'{unknown}' is not a partner organisation.");
        }

        if (draft.ExpiresAt is { } expires && expires <= now)
        {
            throw new ValidationException("expiresAt", "The expiry must be in the future.");
        }

        if (Addressees(draft, organisations).Count == 0)
        {
            throw new ValidationException("addressees", "The alert reaches no organisation: choose kinds, areas or organisations.");
        }
    }
}
