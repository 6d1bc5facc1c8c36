using System.Globalization;
using Coordination.Grains.Security;
using Coordination.Silo.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Silo.Tests.Alerts;

/// <summary>
/// A host of its own that e-mails over SMTP to a real SMTP server in the test; besides the demo accounts, a
/// contact person at the taxi company and a hotel contact person whose address is not confirmed.
/// </summary>
public sealed class AlertMailFixture : IAsyncLifetime
{
    public const string PublicBaseUrl = "https://lagesbild.example.org/";

    /// <summary>Info alerts remind after this long in this host (the others keep their defaults).</summary>
    public static readonly TimeSpan InfoReminder = TimeSpan.FromSeconds(10);

    public static readonly string TaxiContact = $"taxi.kontakt@{Accounts.Tenant}.demo.example";
    public static readonly string UnconfirmedHotelContact = $"hotell.obekraftad@{Accounts.Tenant}.demo.example";

    public AlertMailFixture()
    {
        Host = new HostFixture(new Dictionary<string, string>
        {
            ["Mail:Mode"] = "Smtp",
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = Inbox.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail:Smtp:UseStartTls"] = "false",
            ["Mail:From"] = "larm@lagesbild.example.org",
            ["Mail:PublicBaseUrl"] = PublicBaseUrl,
            ["Alerts:Timing:Info:Reminder"] = InfoReminder.ToString("c", CultureInfo.InvariantCulture),
            ["Alerts:Timing:Info:Escalation"] = "01:00:00",
        });
    }

    public SmtpInbox Inbox { get; } = new();

    public HostFixture Host { get; }

    /// <summary>How many contact persons the host's mail queue e-mailed about an alert, once it has.</summary>
    public HandledMail Handled { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Inbox.Start();
        await Host.InitializeAsync();
        Handled = new HandledMail(Host.Services);

        await using var scope = Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CoordinationUser>>();
        await AddContactPersonAsync(users, TaxiContact, "Tova Taxikontakt", Accounts.TaxiOrganisation, confirmed: true);
        await AddContactPersonAsync(users, UnconfirmedHotelContact, "Hugo Obekräftad", Accounts.HotelOrganisation, confirmed: false);
    }

    public async Task DisposeAsync()
    {
        Handled?.Dispose();
        await Host.DisposeAsync();
        await Inbox.DisposeAsync();
    }

    private static async Task AddContactPersonAsync(UserManager<CoordinationUser> users, string email, string name, string organisation, bool confirmed)
    {
        var user = new CoordinationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = confirmed,
            Tenant = Accounts.Tenant,
            OrganisationId = organisation,
            DisplayName = name,
        };
        Assert.True((await users.CreateAsync(user, "Kontakt-Test-2026!")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, RoleNames.PartnerAdmin)).Succeeded);
    }
}
