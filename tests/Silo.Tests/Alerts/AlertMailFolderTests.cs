using System.Net;
using System.Net.Http.Json;
using Coordination.Grains.Alerts;
using Coordination.Silo.Notifications;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Coordination.Silo.Tests.Alerts;

/// <summary>The embedded default writes the contact persons' e-mail to a folder instead of sending it.</summary>
[Collection(HostCollection.Name)]
public sealed class AlertMailFolderTests(HostFixture host)
{
    [Fact]
    public async Task InTheEmbeddedDefault_TheContactPersonsEmailIsAnEmlFileInTheMailFolder()
    {
        var folder = Assert.IsType<FolderDelivery>(host.Services.GetRequiredService<IMailDelivery>()).Folder;
        var before = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml").ToHashSet() : [];
        using var handled = new HandledMail(host.Services);
        var title = $"Mappprov {Guid.NewGuid():N}";

        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        using var response = await coordinator.PostAsJsonAsync("/api/alerts",
            new { title, message = "Kvittera gärna.", severity = "Critical", organisationIds = new[] { Accounts.HotelOrganisation } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var alert = (await response.Content.ReadFromJsonAsync<AlertView>(HostFixture.Json))!;

        Assert.Equal(1, await handled.WaitAsync(alert.Id, AlertMailReason.Sent));
        // Earlier tests' e-mails may land in the folder meanwhile; ours is among the new files, and none carries the title.
        var written = await Task.WhenAll(Directory.GetFiles(folder, "*.eml").Where(f => !before.Contains(f)).Select(f => MimeMessage.LoadAsync(f)));
        Assert.Contains(written, m => m.To.Mailboxes.Single().Address == Accounts.HotelAdmin());
        Assert.All(written, m => Assert.Contains("http://localhost:5080/alerts", m.TextBody, StringComparison.Ordinal));
        Assert.All(written, m => Assert.DoesNotContain(title, m.ToString(), StringComparison.Ordinal));
    }
}
