using System.Net;
using System.Net.Http.Json;
using Coordination.Grains.Alerts;

namespace Coordination.Silo.Tests.Alerts;

/// <summary>Contact persons are e-mailed over real SMTP that an alert awaits them, and nothing of what it says.</summary>
public sealed class AlertMailTests(AlertMailFixture fixture) : IClassFixture<AlertMailFixture>
{
    private static readonly string AlertsLink = $"{AlertMailFixture.PublicBaseUrl.TrimEnd('/')}/alerts";

    private async Task<AlertView> SendAsync(string title, string message, string severity, params string[] organisations)
    {
        using var coordinator = await fixture.Host.CreateClientAsync(Accounts.Coordinator());
        using var response = await coordinator.PostAsJsonAsync("/api/alerts", new { title, message, severity, organisationIds = organisations });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AlertView>(HostFixture.Json))!;
    }

    [Fact]
    public async Task NewAlert_IsMailedToTheAddressedOrganisationsContactPersonOnly_AndSaysNothingOfTheAlert()
    {
        var concern = await fixture.Host.ReportAsync(Accounts.Hotel());
        var before = fixture.Inbox.All.Count;

        var alert = await SendAsync(
            $"Gäller {concern.Reference}: ökad risk i Centrum", $"Ärende {concern.Reference}: håll utkik efter tecknen i helgen.", "Critical",
            Accounts.HotelOrganisation);

        var mail = await fixture.Inbox.WaitForAsync("to the hotel's contact person", m => m.Recipients.Contains(Accounts.HotelAdmin()), skip: before);
        Assert.Equal(1, await fixture.Handled.WaitAsync(alert.Id, AlertMailReason.Sent));
        // Not the hotel's plain member, not its contact person without a confirmed address, not the taxi company,
        // not the hotel with the same id in another tenant.
        var received = Assert.Single(fixture.Inbox.All.Skip(before));
        Assert.Same(mail, received);
        Assert.Equal([Accounts.HotelAdmin()], mail.Recipients);
        Assert.Equal([Accounts.HotelAdmin()], mail.Message.To.Mailboxes.Select(m => m.Address));

        Assert.Equal("Nytt larm väntar på kvittering / A new alert awaits acknowledgement", mail.Subject);
        Assert.Contains(AlertsLink, mail.Text, StringComparison.Ordinal);
        foreach (var secret in new[] { alert.Title, alert.Message, alert.Reference, concern.Reference, "Centrum", "Hotell Exempelgården", "Henrik" })
        {
            Assert.DoesNotContain(secret, mail.Message.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Reminder_IsMailedOnlyToContactPersonsOfOrganisationsThatHaveNotAcknowledged()
    {
        var before = fixture.Inbox.All.Count;
        var alert = await SendAsync("Påminnelseprov", "Kvittera gärna.", "Info", Accounts.HotelOrganisation, Accounts.TaxiOrganisation);
        using var hotel = await fixture.Host.CreateClientAsync(Accounts.HotelAdmin());
        using var acknowledged = await hotel.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { comment = (string?)null });
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal(2, await fixture.Handled.WaitAsync(alert.Id, AlertMailReason.Sent));

        var reminder = await fixture.Inbox.WaitForAsync("reminding the taxi company's contact person",
            m => m.Subject.StartsWith("Påminnelse:", StringComparison.Ordinal) && m.Recipients.Contains(AlertMailFixture.TaxiContact), skip: before);

        Assert.Equal(1, await fixture.Handled.WaitAsync(alert.Id, AlertMailReason.Reminder));
        Assert.DoesNotContain(fixture.Inbox.All.Skip(before), m => m.Subject.StartsWith("Påminnelse:", StringComparison.Ordinal) && m.Recipients.Contains(Accounts.HotelAdmin()));
        Assert.Contains(AlertsLink, reminder.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Påminnelseprov", reminder.Message.ToString(), StringComparison.Ordinal);
    }
}
