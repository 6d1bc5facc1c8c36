using MimeKit;

namespace Coordination.Silo.Notifications;

/// <summary>Where composed e-mails go: a folder of .eml files (embedded default) or an SMTP server.</summary>
public interface IMailDelivery
{
    Task DeliverAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken);
}
