using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.Partners;

namespace Coordination.Grains.Board;

/// <summary>
/// The coordinators' operational picture at <see cref="Sequence"/> of the coordinators' feed:
/// apply deltas with a higher sequence on top of it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.BoardSnapshot")]
public sealed record BoardSnapshot(
    [property: Id(0)] long Sequence,
    [property: Id(1)] IReadOnlyList<ConcernSummary> OpenConcerns,
    [property: Id(2)] IReadOnlyDictionary<ConcernStatus, int> ByStatus,
    [property: Id(3)] IReadOnlyDictionary<Urgency, int> ByUrgency,
    [property: Id(4)] IReadOnlyDictionary<string, int> ByArea,
    [property: Id(5)] IReadOnlyList<PartnerKindFigures> Partners,
    [property: Id(6)] IReadOnlyList<FeedEntry> RecentActivity,
    [property: Id(7)] IReadOnlyList<AlertView> OpenAlerts,
    [property: Id(8)] OnCall.OnCallView OnCall);

[GenerateSerializer, Immutable, Alias("Coordination.PartnerKindFigures")]
public sealed record PartnerKindFigures(
    [property: Id(0)] PartnerKind Kind,
    [property: Id(1)] int Organisations,
    [property: Id(2)] int TrainedStaff,
    [property: Id(3)] int WithAgreement);
