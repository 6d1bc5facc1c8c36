using Coordination.Grains.Alerts;
using Coordination.Silo.Notifications;
using Coordination.Silo.Options;
using Coordination.Silo.Scheduling;

namespace Coordination.Silo.Extensions;

public static class AlertsExtensions
{
    /// <summary>Alert timing (reminder and escalation per severity and tenant, checked at start) and the scanner that fires durable deadlines.</summary>
    public static void AddCoordinationAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertTimingOptions>().BindConfiguration(AlertTimingOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DeadlineScanner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineScanner>());
    }

    /// <summary>
    /// E-mail to contact persons when an alert awaits their organisation: written to a folder (the embedded
    /// default), sent over SMTP, or off.
    /// </summary>
    public static void AddCoordinationAlertMail(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
        if (options.Mode == MailMode.Off)
        {
            services.AddSingleton<IAlertMail, NoAlertMail>();
            return;
        }

        if (options.Mode == MailMode.Smtp)
        {
            services.AddSingleton<IMailDelivery, SmtpDelivery>();
        }
        else
        {
            var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
            var dataDirectory = Path.GetFullPath(storage.DataDirectory, builder.Environment.ContentRootPath);
            var folder = Path.GetFullPath(options.Folder, dataDirectory);
            services.AddSingleton<IMailDelivery>(sp => ActivatorUtilities.CreateInstance<FolderDelivery>(sp, folder));
        }

        services.AddSingleton<ContactPersons>();
        services.AddSingleton<AlertMailQueue>();
        services.AddSingleton<IAlertMail>(sp => sp.GetRequiredService<AlertMailQueue>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertMailQueue>());
    }
}
