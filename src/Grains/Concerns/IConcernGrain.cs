using Coordination.Grains.Scheduling;
using Coordination.Grains.Security;
using Orleans.Concurrency;

namespace Coordination.Grains.Concerns;

/// <summary>
/// One concern (key: tenant/concern id): its lifecycle, its assignment, its timeline, who may see what.
/// Changes that take an expected revision refuse with a conflict if the concern changed after that revision.
/// </summary>
[Alias("Coordination.IConcernGrain")]
public interface IConcernGrain : IDeadlineTarget
{
    /// <summary>Records a new report from a partner member; fails if the concern already exists.</summary>
    [Alias("Report")]
    Task<ReportStatus> Report(Caller caller, ReportConcern report);

    /// <summary>The reporting organisation's view: status only.</summary>
    [Alias("GetStatus")]
    Task<ReportStatus> GetStatus(Caller caller);

    /// <summary>The full record with its timeline, for coordinators and the assigned worker; the read is recorded.</summary>
    [Alias("GetDetails")]
    Task<ConcernDetails> GetDetails(Caller caller);

    [Alias("ConfirmUrgency")]
    Task<ConcernSummary> ConfirmUrgency(Caller caller, Urgency urgency);

    /// <summary>Marks a reported concern as triaged and, unless the tenant turned it off, assigns it automatically.</summary>
    [Alias("MarkTriaged")]
    Task<ConcernSummary> MarkTriaged(Caller caller);

    /// <summary>Closes this concern as a duplicate of <paramref name="targetId"/>, which records the link.</summary>
    [Alias("MergeInto")]
    Task<ConcernSummary> MergeInto(Caller caller, Guid targetId);

    /// <summary>
    /// Records that another concern was merged into this one. Interleaves, so that two opposite merges
    /// started at once refuse each other at once instead of waiting on each other.
    /// </summary>
    [AlwaysInterleave]
    [Alias("AttachDuplicate")]
    Task<ConcernSummary> AttachDuplicate(Caller caller, Guid duplicateId, string duplicateReference);

    [Alias("CloseAsUnfounded")]
    Task<ConcernSummary> CloseAsUnfounded(Caller caller, string? reason);

    /// <summary>
    /// Assigns or reassigns the concern (coordinators): to <paramref name="workerId"/>, or with null to the next
    /// worker on shift by the assignment order. A previous worker loses access at once.
    /// </summary>
    [Alias("Assign")]
    Task<ConcernSummary> Assign(Caller caller, string? workerId, long? expectedRevision);

    /// <summary>The assigned worker accepts the concern.</summary>
    [Alias("Accept")]
    Task<ConcernSummary> Accept(Caller caller, long? expectedRevision);

    /// <summary>The assigned worker declines with a reason; the concern goes to the next worker on shift.</summary>
    [Alias("Decline")]
    Task<ConcernSummary> Decline(Caller caller, string reason, long? expectedRevision);

    [Alias("RecordContact")]
    Task<ConcernSummary> RecordContact(Caller caller, bool reached, string? note);

    [Alias("OfferSupport")]
    Task<ConcernSummary> OfferSupport(Caller caller, SupportProvider provider, string? note);

    [Alias("Refer")]
    Task<ConcernSummary> Refer(Caller caller, ReferralTarget target, string? note);

    /// <summary>A handling note, for the assigned worker and coordinators only.</summary>
    [Alias("AddNote")]
    Task<ConcernSummary> AddNote(Caller caller, string text);

    /// <summary>Closes a concern being handled with its outcome.</summary>
    [Alias("Close")]
    Task<ConcernSummary> Close(Caller caller, ClosureOutcome outcome, string? note, long? expectedRevision);
}
