using Coordination.Silo.Demo;

namespace Coordination.Silo.Tests;

/// <summary>The demo accounts (DemoData) the tests sign in with; every one has the demo password.</summary>
public static class Accounts
{
    public const string Tenant = DemoData.DefaultTenant;
    public const string ForeignTenant = "testby";

    public const string HotelOrganisation = "hotell-exempelgarden";
    public const string TaxiOrganisation = "taxi-fiktiva";
    public const string SocialServices = "socialtjansten";

    public static string Coordinator(string tenant = Tenant) => $"samordnare@{tenant}.demo.example";

    public static string SocialWorker(string tenant = Tenant) => $"jour1@{tenant}.demo.example";

    /// <summary>The demo tenant's on-call social workers (1 to 3); the demo roster has two of them on shift at any time.</summary>
    public static string Worker(int number, string tenant = Tenant) => $"jour{number}@{tenant}.demo.example";

    /// <summary>A partner member at Hotell Exempelgården.</summary>
    public static string Hotel(string tenant = Tenant) => $"hotell@{tenant}.demo.example";

    /// <summary>A colleague of <see cref="Hotel"/> in the same organisation.</summary>
    public static string HotelAdmin(string tenant = Tenant) => $"hotell.admin@{tenant}.demo.example";

    public static string Taxi(string tenant = Tenant) => $"taxi@{tenant}.demo.example";

    /// <summary>The system owner: signed in, but neither a coordinator nor a reporter.</summary>
    public static string Administrator(string tenant = Tenant) => $"admin@{tenant}.demo.example";

    /// <summary>Used only by the wrong-password test, so that its failed attempt cannot lock out anyone else's account.</summary>
    public static string Police(string tenant = Tenant) => $"polis@{tenant}.demo.example";
}
