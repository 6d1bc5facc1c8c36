using Coordination.Grains.Concerns;

namespace Coordination.Grains.Partners;

/// <summary>An organisation's own reports at <see cref="Sequence"/> of its feed: status only.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.OrganisationReports")]
public sealed record OrganisationReports(
    [property: Id(0)] long Sequence,
    [property: Id(1)] IReadOnlyList<ReportStatus> Reports);
