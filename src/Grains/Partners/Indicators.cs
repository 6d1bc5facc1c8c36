namespace Coordination.Grains.Partners;

/// <summary>
/// The indicator checklists of DOMAIN.md. Codes are stable identifiers stored with a concern;
/// the dashboard shows localised texts and guidance for them.
/// </summary>
public static class Indicators
{
    public static IReadOnlyList<string> Common { get; } =
        ["signs-of-control", "fear", "no-own-documents", "does-not-know-location"];

    public static IReadOnlyList<string> Hotel { get; } =
    [
        "someone-else-holds-id-or-money", "cash-one-night-at-a-time", "many-visitors-one-room",
        "someone-watching-door", "long-do-not-disturb", "no-luggage", "room-near-exit", "avoids-staff",
        "rehearsed-answers", "young-person-older-companion",
    ];

    public static IReadOnlyList<string> Taxi { get; } =
    [
        "passenger-controlled", "visible-injuries", "night-trips-hotels-apartments", "does-not-know-address",
        "hidden-entrance-drop-off", "large-amounts-of-cash",
    ];

    public static IReadOnlyList<string> PropertyOwner { get; } =
    [
        "overcrowding", "many-short-visits", "locks-keep-people-in", "tenants-without-id",
        "someone-speaks-for-them", "groups-dropped-off-fixed-times", "cash-rent-or-gaps", "unusual-deliveries",
    ];

    /// <summary>The checklist a reporter of the given partner kind sees: their kind's signs, then the common ones.</summary>
    public static IReadOnlyList<string> For(PartnerKind kind) => kind switch
    {
        PartnerKind.Hotel => [.. Hotel, .. Common],
        PartnerKind.TaxiCompany => [.. Taxi, .. Common],
        PartnerKind.PropertyOwner or PartnerKind.CityOwnedCompany => [.. PropertyOwner, .. Common],
        _ => [.. Hotel, .. Taxi, .. PropertyOwner, .. Common],
    };
}
