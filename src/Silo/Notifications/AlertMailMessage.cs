using Coordination.Grains.Alerts;
using Coordination.Silo.Options;
using MimeKit;
using MimeKit.Text;

namespace Coordination.Silo.Notifications;

/// <summary>
/// The e-mail to one contact person, Swedish first with English below. It says only that an alert awaits their
/// organisation's acknowledgement, and links to the alerts page: what the alert says stays behind the sign-in.
/// </summary>
public static class AlertMailMessage
{
    /// <summary>The sender in folder mode when Mail:From is not set (nothing is sent from it).</summary>
    private const string FolderSender = "noreply@localhost";

    public static string Link(MailOptions options) => $"{options.PublicBaseUrl.TrimEnd('/')}/alerts";

    public static MimeMessage Compose(MailOptions options, string recipient, AlertMailReason reason)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From ?? FolderSender));
        message.To.Add(MailboxAddress.Parse(recipient));
        // Tells mail servers and out-of-office replies that no person wrote it (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Subject = reason == AlertMailReason.Reminder
            ? "Påminnelse: Ett larm väntar på kvittering / Reminder: An alert awaits acknowledgement"
            : "Nytt larm väntar på kvittering / A new alert awaits acknowledgement";
        message.Body = new TextPart(TextFormat.Plain) { Text = Body(reason, Link(options)) };
        return message;
    }

    private static string Body(AlertMailReason reason, string link)
    {
        var (swedish, english) = reason == AlertMailReason.Reminder
            ? ("Ett larm till er organisation väntar fortfarande på kvittering.",
               "An alert to your organisation still awaits acknowledgement.")
            : ("Ett nytt larm till er organisation väntar på kvittering.",
               "A new alert to your organisation awaits acknowledgement.");
        return $"""
            Hej,

            {swedish}
            Logga in och kvittera larmet här: {link}

            Du får det här meddelandet som kontaktperson för er organisation i nätverket mot prostitution och
            människohandel. Meddelandet innehåller inga uppgifter om larmet, och det går inte att svara på.

            ---

            Hello,

            {english}
            Sign in and acknowledge it here: {link}

            You receive this e-mail as your organisation's contact person in the network against prostitution and
            human trafficking. It carries no details of the alert, and replies are not read.

            """;
    }
}
