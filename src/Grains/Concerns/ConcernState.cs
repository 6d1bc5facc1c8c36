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

    public bool Exists => Version > 0;

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
                break;
            case DuplicateMergedInto merged:
                Status = ConcernStatus.Closed;
                Outcome = ClosureOutcome.MergedAsDuplicate;
                MergedInto = merged.TargetConcernId;
                break;
            case DuplicateAttached attached:
                Duplicates.Add(attached.DuplicateConcernId);
                break;
            case ClosedAsUnfounded:
                Status = ConcernStatus.Closed;
                Outcome = ClosureOutcome.Unfounded;
                break;
            case DetailsViewed:
                // A read changes nothing but the audit trail; it must not look like activity on the board.
                Version++;
                return;
        }

        Version++;
        UpdatedAt = at;
    }

    public ConcernSummary ToSummary() => new(
        Id, Reference, Status, Urgency, PlaceKind, Area, ReportedByOrganisation, ObservedAt, ReportedAt, UpdatedAt,
        Indicators.Count);
}
