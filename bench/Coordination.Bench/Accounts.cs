namespace Coordination.Bench;

/// <summary>
/// The demo accounts the harness signs in with (a copy of src/Silo/Demo/DemoData.cs: the bench does not
/// reference the host). The harness checks each connection's audiences against the host's own answer
/// (GetAudiences), so a change in the demo data shows up as an error instead of wrong figures.
/// </summary>
public static class Accounts
{
    public const string Tenant = "helsingborg";
    public const string Password = "Demo-2026!";
    public const string CoordinatorsAudience = "coordinators";

    public static string OrganisationAudience(string organisation) => "organisation/" + organisation;

    public sealed record Account(string Email, string Organisation, bool IsCoordinator, bool MayReport)
    {
        public IReadOnlyList<string> Audiences { get; } =
            [.. (IsCoordinator ? new[] { CoordinatorsAudience } : []), .. (MayReport ? new[] { OrganisationAudience(Organisation) } : [])];
    }

    private static Account Coordinator(string local, string organisation) => new($"{local}@{Tenant}.demo.example", organisation, true, true);

    private static Account Member(string local, string organisation) => new($"{local}@{Tenant}.demo.example", organisation, false, true);

    public static readonly Account Samordnare = Coordinator("samordnare", "socialtjansten");
    public static readonly Account SamordnareNgo = Coordinator("samordnare.ngo", "ljuspunkten");
    public static readonly Account Jour1 = Member("jour1", "socialtjansten");
    public static readonly Account Jour2 = Member("jour2", "socialtjansten");
    public static readonly Account Hotell = Member("hotell", "hotell-exempelgarden");
    public static readonly Account HotellAdmin = Member("hotell.admin", "hotell-exempelgarden");
    public static readonly Account Hotell2 = Member("hotell2", "hotell-sundsutsikten");
    public static readonly Account Taxi = Member("taxi", "taxi-fiktiva");
    public static readonly Account Fastighet = Member("fastighet", "fastighet-pahittet");
    public static readonly Account Polis = Member("polis", "polisen");

    public static IReadOnlyList<Account> All { get; } =
        [Samordnare, SamordnareNgo, Jour1, Jour2, Hotell, HotellAdmin, Hotell2, Taxi, Fastighet, Polis];

    /// <summary>The boards: coordinators of two organisations, so that their own organisation audiences differ too.</summary>
    public static IReadOnlyList<Account> Boards { get; } = [Samordnare, SamordnareNgo];

    /// <summary>Partner members and (social) workers: each sees only its own organisation's report statuses.</summary>
    public static IReadOnlyList<Account> Members { get; } = [Hotell, HotellAdmin, Hotell2, Taxi, Fastighet, Polis, Jour1, Jour2];

    /// <summary>Who reports in the realistic mix: one account of each of six organisations, members' audiences all differ.</summary>
    public static IReadOnlyList<Account> MixReporters { get; } = [Hotell, Hotell2, Taxi, Fastighet, Polis, Jour1];

    /// <summary>Who reports in the broadcast stress: no board's own organisation, so a board follows one audience only.</summary>
    public static IReadOnlyList<Account> BroadcastReporters { get; } = [Hotell, Hotell2, Taxi, Fastighet, Polis];

    /// <summary>Triages: a coordinator.</summary>
    public static Account Triager => Samordnare;

    public static Account? Find(string? email) => All.FirstOrDefault(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase));

    /// <summary>Which account each of <paramref name="boards"/> + <paramref name="members"/> connections signs in as (round robin).</summary>
    public static IReadOnlyList<Account> Population(int boards, int members) =>
        [.. Enumerable.Range(0, boards).Select(i => Boards[i % Boards.Count]), .. Enumerable.Range(0, members).Select(i => Members[i % Members.Count])];
}
