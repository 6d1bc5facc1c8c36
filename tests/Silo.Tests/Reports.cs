using Coordination.Silo.Apis;

namespace Coordination.Silo.Tests;

/// <summary>Reports as partner systems send them over the API, observed an hour ago.</summary>
public static class Reports
{
    public static ReportConcernRequest FromHotel(string area = "Centrum", string urgency = "Normal", string? freeText = "Many short visits to room 214 tonight.") =>
        new("Hotel", area, DateTimeOffset.UtcNow.AddHours(-1), ["many-visitors-one-room", "someone-watching-door"], freeText, urgency);

    public static ReportConcernRequest FromTaxi(string area = "Söder") =>
        new("Vehicle", area, DateTimeOffset.UtcNow.AddHours(-1), ["passenger-controlled", "does-not-know-address"], null, "Urgent");
}
