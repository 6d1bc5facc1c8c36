using Coordination.Grains.Security;
using Orleans.Concurrency;

namespace Coordination.Grains.Concerns;

/// <summary>One concern (key: tenant/concern id): its lifecycle, its timeline, who may see what.</summary>
[Alias("Coordination.IConcernGrain")]
public interface IConcernGrain : IGrainWithStringKey
{
    /// <summary>Records a new report from a partner member; fails if the concern already exists.</summary>
    [Alias("Report")]
    Task<ReportStatus> Report(Caller caller, ReportConcern report);

    /// <summary>The reporting organisation's view: status only.</summary>
    [Alias("GetStatus")]
    Task<ReportStatus> GetStatus(Caller caller);

    /// <summary>The full record with its timeline; the read itself is recorded in the timeline.</summary>
    [Alias("GetDetails")]
    Task<ConcernDetails> GetDetails(Caller caller);

    [Alias("ConfirmUrgency")]
    Task<ConcernSummary> ConfirmUrgency(Caller caller, Urgency urgency);

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
}
