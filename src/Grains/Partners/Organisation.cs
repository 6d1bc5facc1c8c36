namespace Coordination.Grains.Partners;

/// <summary>A partner organisation's master data, as kept in the organisation directory.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Organisation")]
public sealed record Organisation(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Id,
    [property: Id(2)] string Name,
    [property: Id(3)] PartnerKind Kind,
    [property: Id(4)] IReadOnlyList<string> Areas,
    [property: Id(5)] DateOnly Joined,
    [property: Id(6)] DateOnly? AgreementSigned,
    [property: Id(7)] int TrainedStaff,
    [property: Id(8)] DateOnly? TrainedOn);
