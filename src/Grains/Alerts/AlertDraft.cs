using Coordination.Grains.Partners;

namespace Coordination.Grains.Alerts;

/// <summary>
/// A coordinator's alert before it is sent. Addressees: every organisation of the chosen kinds and areas
/// (an organisation without areas covers the whole municipality), plus those chosen one by one.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.AlertDraft")]
public sealed record AlertDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string Message,
    [property: Id(2)] AlertSeverity Severity,
    [property: Id(3)] IReadOnlyList<PartnerKind> Kinds,
    [property: Id(4)] IReadOnlyList<string> Areas,
    [property: Id(5)] IReadOnlyList<string> OrganisationIds,
    [property: Id(6)] DateTimeOffset? ExpiresAt)
{
    /// <summary>Raised by the system (an escalation, an overdue concern): it reminds but never escalates again.</summary>
    [Id(7)]
    public bool IsSystem { get; init; }
}
