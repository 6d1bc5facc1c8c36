using Coordination.Grains.Alerts;
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
}
