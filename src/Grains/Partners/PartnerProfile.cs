namespace Coordination.Grains.Partners;

[GenerateSerializer, Immutable, Alias("Coordination.PartnerProfile")]
public sealed record PartnerProfile(
    [property: Id(0)] Organisation Organisation,
    [property: Id(1)] DateTimeOffset? LastActivity,
    [property: Id(2)] int ReportsSubmitted,
    [property: Id(3)] IReadOnlyList<string> Checklist);
