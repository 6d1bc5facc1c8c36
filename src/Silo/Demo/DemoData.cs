using Coordination.Grains.Partners;
using Coordination.Grains.Security;

namespace Coordination.Silo.Demo;

/// <summary>
/// Invented organisations of every partner kind and an account for every role. Every name is made up and
/// reads as made up; the districts are real (DOMAIN.md allows that).
/// </summary>
public static class DemoData
{
    /// <summary>Known to everyone who reads this file: the host refuses to start outside demo mode while an account still has it.</summary>
    public const string Password = "Demo-2026!";

    public const string DefaultTenant = "helsingborg";

    public static readonly IReadOnlyList<string> HelsingborgAreas =
    [
        "Centrum", "Söder", "Norr", "Tågaborg", "Olympia", "Eneborg", "Fredriksdal", "Husensjö", "Ringstorp", "Dalhem",
        "Drottninghög", "Råå", "Rydebäck", "Ödåkra", "Mörarp", "Påarp", "Gantofta", "Kattarp", "Väla",
    ];

    public sealed record DemoOrganisation(string Id, string Name, PartnerKind Kind, string[] Areas, bool Agreement, int TrainedStaff);

    public sealed record DemoAccount(string Email, string DisplayName, string OrganisationId, string Role);

    public sealed record DemoTenant(string Id, string Name, IReadOnlyList<string> Areas, IReadOnlyList<DemoOrganisation> Organisations, IReadOnlyList<DemoAccount> Accounts);

    public static DemoTenant For(string tenant, string name) => new(
        tenant,
        name,
        HelsingborgAreas,
        [
            new("socialtjansten", "Socialtjänsten Demostad", PartnerKind.SocialServices, [], true, 40),
            new("ljuspunkten", "Föreningen Ljuspunkten (påhittad)", PartnerKind.Ngo, [], true, 12),
            new("polisen", "Polisens kontaktgrupp Demo", PartnerKind.Police, [], true, 6),
            new("hotell-exempelgarden", "Hotell Exempelgården", PartnerKind.Hotel, ["Centrum"], true, 8),
            new("hotell-sundsutsikten", "Sundsutsikten Demohotell", PartnerKind.Hotel, ["Söder"], false, 2),
            new("fastighet-pahittet", "Fastighets AB Påhittet", PartnerKind.PropertyOwner, ["Drottninghög", "Dalhem"], true, 5),
            new("taxi-fiktiva", "Taxi Fiktiva Resor", PartnerKind.TaxiCompany, [], false, 15),
            new("fritidsforvaltningen", "Fritidsförvaltningen Demo", PartnerKind.CityDepartment, [], true, 10),
            new("bostadsbolaget", "Bostadsbolaget Exempelhem", PartnerKind.CityOwnedCompany, ["Norr", "Tågaborg"], true, 9),
            new("vardcentralen", "Vårdcentralen Demokliniken", PartnerKind.Healthcare, ["Centrum"], false, 3),
            new("tillsynsmyndigheten", "Tillsynsmyndigheten Exempel", PartnerKind.OtherAuthority, [], false, 1),
        ],
        [
            new($"samordnare@{tenant}.demo.example", "Sara Samordnare", "socialtjansten", RoleNames.Coordinator),
            new($"samordnare.ngo@{tenant}.demo.example", "Nils Nätverksson", "ljuspunkten", RoleNames.Coordinator),
            new($"jour1@{tenant}.demo.example", "Jonna Jourström", "socialtjansten", RoleNames.SocialWorker),
            new($"jour2@{tenant}.demo.example", "Jakob Jourlund", "socialtjansten", RoleNames.SocialWorker),
            new($"jour3@{tenant}.demo.example", "Jelena Jourdahl", "socialtjansten", RoleNames.SocialWorker),
            new($"hotell@{tenant}.demo.example", "Hanna Receptionsson", "hotell-exempelgarden", RoleNames.PartnerMember),
            new($"hotell.admin@{tenant}.demo.example", "Henrik Kontaktsson", "hotell-exempelgarden", RoleNames.PartnerAdmin),
            new($"hotell2@{tenant}.demo.example", "Hedda Nattportier", "hotell-sundsutsikten", RoleNames.PartnerMember),
            new($"taxi@{tenant}.demo.example", "Tore Växelström", "taxi-fiktiva", RoleNames.PartnerMember),
            new($"fastighet@{tenant}.demo.example", "Fia Förvaltare", "fastighet-pahittet", RoleNames.PartnerMember),
            new($"polis@{tenant}.demo.example", "Per Kontaktpolis", "polisen", RoleNames.PartnerMember),
            new($"admin@{tenant}.demo.example", "Alva Systemägare", "socialtjansten", RoleNames.Administrator),
        ]);
}
