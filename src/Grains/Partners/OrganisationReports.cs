using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;

namespace Coordination.Grains.Partners;

/// <summary>
/// An organisation's live picture at <see cref="Sequence"/> of its feed: its own reports (status only) and the
/// open alerts addressed to it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.OrganisationReports")]
public sealed record OrganisationReports(
    [property: Id(0)] long Sequence,
    [property: Id(1)] IReadOnlyList<ReportStatus> Reports,
    [property: Id(2)] IReadOnlyList<OrganisationAlertView> Alerts);
