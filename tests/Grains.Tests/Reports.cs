using Coordination.Grains.Concerns;

namespace Coordination.Grains.Tests;

/// <summary>Reports as partner members send them, observed an hour before the clock's now.</summary>
public static class Reports
{
    public static ReportConcern FromHotel(
        TimeProvider clock, string area = "Centrum", Urgency urgency = Urgency.Normal, string? freeText = "Many short visits to room 214 tonight.") =>
        new(PlaceKind.Hotel, area, clock.GetUtcNow().AddHours(-1), ["many-visitors-one-room", "someone-watching-door", "fear"], freeText, urgency);

    public static ReportConcern FromTaxi(TimeProvider clock, string area = "Söder", Urgency urgency = Urgency.Normal) =>
        new(PlaceKind.Vehicle, area, clock.GetUtcNow().AddHours(-1), ["passenger-controlled", "does-not-know-address"], null, urgency);

    public static ReportConcern FromPropertyOwner(TimeProvider clock, string area = "Drottninghög", Urgency urgency = Urgency.Normal) =>
        new(PlaceKind.Apartment, area, clock.GetUtcNow().AddHours(-1), ["overcrowding", "many-short-visits"], null, urgency);
}
