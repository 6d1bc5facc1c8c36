using System.Globalization;

namespace Coordination.Dashboard.Services;

/// <summary>Times are shown and entered in the city's own time zone, whatever the server's is.</summary>
public static class CityTime
{
    public static TimeZoneInfo Zone => Grains.OnCall.RosterPolicy.CityZone;

    public static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    public static string Format(DateTimeOffset at, string pattern = "d MMM HH:mm") => Local(at).ToString(pattern, CultureInfo.CurrentCulture);
}
