using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Coordination.Silo.Options;

public enum MailMode
{
    Off,
    Folder,
    Smtp,
}

/// <summary>E-mail to partners' contact persons that an alert awaits them: only that, and a link, never what it says.</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    /// <summary>Folder (the embedded default) writes .eml files instead of sending; Smtp sends; Off does neither.</summary>
    public MailMode Mode { get; set; } = MailMode.Folder;

    /// <summary>Folder mode: where the .eml files go, relative to the data directory (Storage:DataDirectory) unless absolute.</summary>
    public string Folder { get; set; } = "mail";

    /// <summary>The dashboard as partners open it: the e-mail links to {PublicBaseUrl}/alerts.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>The sender, e.g. "Lägesbild &lt;larm@example.org&gt;"; required to send over SMTP.</summary>
    public string? From { get; set; }

    public SmtpSettings Smtp { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode == MailMode.Off)
        {
            yield break;
        }

        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return new("Mail:PublicBaseUrl must be the dashboard's absolute http(s) address as partners open it.", [nameof(PublicBaseUrl)]);
        }

        if (From is not null && !MailboxAddress.TryParse(From, out _))
        {
            yield return new("Mail:From is not an e-mail address.", [nameof(From)]);
        }

        if (Mode == MailMode.Folder && string.IsNullOrWhiteSpace(Folder))
        {
            yield return new("Mail:Folder is required when Mail:Mode is Folder.", [nameof(Folder)]);
        }

        if (Mode != MailMode.Smtp)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(From))
        {
            yield return new("Mail:From is required when Mail:Mode is Smtp.", [nameof(From)]);
        }

        if (string.IsNullOrWhiteSpace(Smtp.Host))
        {
            yield return new("Mail:Smtp:Host is required when Mail:Mode is Smtp.", ["Smtp.Host"]);
        }

        if (Smtp.Port is < 1 or > 65535)
        {
            yield return new("Mail:Smtp:Port must be between 1 and 65535.", ["Smtp.Port"]);
        }

        if (!string.IsNullOrEmpty(Smtp.UserName) && string.IsNullOrEmpty(Smtp.Password))
        {
            yield return new("Mail:Smtp:Password is required when Mail:Smtp:UserName is set (from user secrets or a secret, never the repository).",
                ["Smtp.Password"]);
        }
    }
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>Upgrades the connection with STARTTLS and refuses a server that cannot; off only for a relay on the same machine.</summary>
    public bool UseStartTls { get; set; } = true;

    /// <summary>Signs in when set.</summary>
    public string? UserName { get; set; }

    /// <summary>Never in the repository: user secrets, an environment variable or a Kubernetes Secret.</summary>
    public string? Password { get; set; }
}
