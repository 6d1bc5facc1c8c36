using Coordination.Grains.Security;

namespace Coordination.Grains.Tests;

/// <summary>Callers of the demo organisations; user ids are invented, like everything in demo data.</summary>
public static class People
{
    public static Caller Coordinator(string tenant = ClusterFixture.Tenant) =>
        new(tenant, "sara-samordnare", "socialtjansten", CallerRoles.Coordinator);

    public static Caller NgoCoordinator(string tenant = ClusterFixture.Tenant) =>
        new(tenant, "nils-natverksson", "ljuspunkten", CallerRoles.Coordinator);

    public static Caller HotelMember(string tenant = ClusterFixture.Tenant) =>
        new(tenant, "hanna-receptionsson", "hotell-exempelgarden", CallerRoles.PartnerMember);

    public static Caller OtherHotelMember(string tenant = ClusterFixture.Tenant) =>
        new(tenant, "hedda-nattportier", "hotell-sundsutsikten", CallerRoles.PartnerMember);

    public static Caller TaxiMember(string tenant = ClusterFixture.Tenant) =>
        new(tenant, "tore-vaxelstrom", "taxi-fiktiva", CallerRoles.PartnerMember);

    public static Caller PropertyMember(string tenant = ClusterFixture.Tenant) =>
        new(tenant, "fia-forvaltare", "fastighet-pahittet", CallerRoles.PartnerMember);

    /// <summary>The tenant's three on-call social workers, in the order of their ids.</summary>
    public static IReadOnlyList<Caller> Workers(string tenant = ClusterFixture.Tenant) =>
        [Worker("jakob-jourlund", tenant), Worker("jelena-jourdahl", tenant), Worker("jonna-jourstrom", tenant)];

    /// <summary>Account ids are unique across tenants, so other tenants' workers carry the tenant in theirs.</summary>
    public static Caller Worker(string name, string tenant = ClusterFixture.Tenant) =>
        new(tenant, tenant == ClusterFixture.Tenant ? name : $"{tenant}.{name}", "socialtjansten", CallerRoles.SocialWorker);

    public static Caller Administrator(string tenant = ClusterFixture.Tenant) =>
        new(tenant, "alva-systemagare", "socialtjansten", CallerRoles.Administrator);
}
