using Coordination.Grains.Concerns.Events;

namespace Coordination.Grains.Concerns;

/// <summary>
/// A concern folded from its events; stored as the stream's snapshot (JSON) in the same transaction
/// as the events that produced it.
/// </summary>
public sealed class ConcernState
{
    public Guid Id { get; set; }
    public string Reference { get; set; } = "";
    public long Version { get; set; }

    /// <summary>Counts changes but not reads: what a client that wants to change the concern says it has seen.</summary>
    public long Revision { get; set; }
    public ConcernStatus Status { get; set; }
    public Urgency Urgency { get; set; }
    public PlaceKind PlaceKind { get; set; }
    public string Area { get; set; } = "";
    public string ReportedByOrganisation { get; set; } = "";
    public string ReportedBy { get; set; } = "";
    public DateTimeOffset ObservedAt { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<string> Indicators { get; set; } = [];
    public string? FreeText { get; set; }
    public ClosureOutcome? Outcome { get; set; }
    public Guid? MergedInto { get; set; }
    public List<Guid> Duplicates { get; set; } = [];

    public DateTimeOffset? TriagedAt { get; set; }

    /// <summary>The worker the concern is assigned to now (offered or accepted); null in triage and after a decline.</summary>
    public string? AssignedTo { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? FirstAssignedAt { get; set; }
    public DateTimeOffset? AcceptBy { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? FirstAcceptedAt { get; set; }
    public DateTimeOffset? FirstContactAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Workers who declined or let the acceptance deadline pass: automatic assignment skips them.</summary>
    public List<string> PassedBy { get; set; } = [];
    public AssignmentFailure? LastAssignmentFailure { get; set; }
    public List<ConcernStage> Breaches { get; set; } = [];

    /// <summary>The stage whose deadline runs now and when it falls due (set by the grain from the tenant's deadlines).</summary>
    public ConcernStage? DueStage { get; set; }
    public DateTimeOffset? DueAt { get; set; }

    public bool Exists => Version > 0;

    /// <summary>A copy a commit may change and throw away: everything but the lists is a value or an immutable string.</summary>
    public ConcernState Clone()
    {
        var copy = (ConcernState)MemberwiseClone();
        copy.Indicators = [.. Indicators];
        copy.Duplicates = [.. Duplicates];
        copy.PassedBy = [.. PassedBy];
        copy.Breaches = [.. Breaches];
        return copy;
    }

    public void Apply(ConcernEvent change, string actor, DateTimeOffset at)
    {
        switch (change)
        {
            case ConcernReported reported:
                Status = ConcernStatus.Reported;
                ReportedByOrganisation = reported.ReportedByOrganisation;
                ReportedBy = actor;
                PlaceKind = reported.PlaceKind;
                Area = reported.Area;
                ObservedAt = reported.ObservedAt;
                Indicators = [.. reported.Indicators];
                FreeText = reported.FreeText;
                Urgency = reported.Urgency;
                ReportedAt = at;
                break;
            case UrgencyConfirmed confirmed:
                Urgency = confirmed.Urgency;
                break;
            case ConcernTriaged:
                Status = ConcernStatus.Triaged;
                TriagedAt = at;
                break;
            case DuplicateMergedInto merged:
                Close(ClosureOutcome.MergedAsDuplicate, at);
                MergedInto = merged.TargetConcernId;
                break;
            case DuplicateAttached attached:
                Duplicates.Add(attached.DuplicateConcernId);
                break;
            case ClosedAsUnfounded:
                Close(ClosureOutcome.Unfounded, at);
                break;
            case ConcernAssigned assigned:
                Status = ConcernStatus.Assigned;
                AssignedTo = assigned.WorkerId;
                AssignedAt = at;
                FirstAssignedAt ??= at;
                AcceptBy = assigned.AcceptBy;
                AcceptedAt = null;
                LastAssignmentFailure = null;
                break;
            case AssignmentAccepted:
                Status = ConcernStatus.Accepted;
                AcceptedAt = at;
                FirstAcceptedAt ??= at;
                AcceptBy = null;
                break;
            case AssignmentDeclined declined:
                PassOn(declined.WorkerId);
                break;
            case AssignmentTimedOut timedOut:
                PassOn(timedOut.WorkerId);
                break;
            case AssignmentFailed failed:
                LastAssignmentFailure = failed.Reason;
                break;
            case ContactAttempted or SupportOffered:
                FirstContactAt ??= at;
                if (Status == ConcernStatus.Accepted)
                {
                    Status = ConcernStatus.InProgress;
                }

                break;
            case ConcernReferred:
                Status = ConcernStatus.Referred;
                break;
            case ConcernClosed closed:
                Close(closed.Outcome, at);
                break;
            case DeadlineBreached breached:
                if (!Breaches.Contains(breached.Stage))
                {
                    Breaches.Add(breached.Stage);
                }

                break;
            case DetailsViewed:
                // A read changes nothing but the audit trail; it must not look like activity on the board.
                Version++;
                return;
        }

        Version++;
        Revision++;
        UpdatedAt = at;
    }

    /// <summary>Sets the deadline of the stage the concern is in now; none once closed or once a stage's deadline was breached.</summary>
    public void ScheduleDeadline(Func<ConcernStage, TimeSpan> allowed)
    {
        (DueStage, DueAt) = Status switch
        {
            ConcernStatus.Reported => Due(ConcernStage.Triage, ReportedAt),
            ConcernStatus.Triaged => Due(ConcernStage.Assignment, TriagedAt ?? ReportedAt),
            ConcernStatus.Assigned => (ConcernStage.Acceptance, AcceptBy),
            ConcernStatus.Accepted when FirstContactAt is null => Due(ConcernStage.FirstContact, FirstAcceptedAt ?? UpdatedAt),
            _ => (null, null),
        };

        (ConcernStage?, DateTimeOffset?) Due(ConcernStage stage, DateTimeOffset from) =>
            Breaches.Contains(stage) ? (null, null) : (stage, from + allowed(stage));
    }

    public ConcernSummary ToSummary() => new(
        Id, Reference, Status, Urgency, PlaceKind, Area, ReportedByOrganisation, ObservedAt, ReportedAt, UpdatedAt,
        Indicators.Count)
    {
        Revision = Revision,
        AssignedTo = AssignedTo,
        AcceptBy = AcceptBy,
        DueStage = DueStage,
        DueAt = DueAt,
        Breached = Breaches.Aggregate(BreachedStages.None, (all, stage) => all | ConcernRules.AsBreach(stage)),
        LastAssignmentFailure = LastAssignmentFailure,
        TriagedAt = TriagedAt,
        FirstAssignedAt = FirstAssignedAt,
        FirstAcceptedAt = FirstAcceptedAt,
        FirstContactAt = FirstContactAt,
        ClosedAt = ClosedAt,
    };

    private void PassOn(string workerId)
    {
        Status = ConcernStatus.Triaged;
        if (!PassedBy.Contains(workerId))
        {
            PassedBy.Add(workerId);
        }

        AssignedTo = null;
        AssignedAt = null;
        AcceptBy = null;
    }

    private void Close(ClosureOutcome outcome, DateTimeOffset at)
    {
        Status = ConcernStatus.Closed;
        Outcome = outcome;
        ClosedAt = at;
        AcceptBy = null;
    }
}
