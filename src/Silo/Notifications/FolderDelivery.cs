using MimeKit;

namespace Coordination.Silo.Notifications;

/// <summary>Writes each e-mail as an .eml file (any mail program opens it) instead of sending it.</summary>
public sealed class FolderDelivery(string folder, TimeProvider time, ILogger<FolderDelivery> logger) : IMailDelivery
{
    public string Folder => folder;

    public async Task DeliverAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        foreach (var message in messages)
        {
            var name = $"{time.GetUtcNow():yyyyMMdd'T'HHmmssfff}-{Guid.NewGuid():N}.eml";
            await message.WriteToAsync(Path.Combine(folder, name), cancellationToken);
        }

        // Never the addresses: logs carry no personal data.
        logger.LogInformation("Would send alert e-mail to {Count} contact person(s) (folder mode); written to {Folder}", messages.Count, folder);
    }
}
