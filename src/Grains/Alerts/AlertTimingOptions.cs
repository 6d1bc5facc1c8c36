namespace Coordination.Grains.Alerts;

/// <summary>When an unacknowledged alert reminds its addressees and when it escalates to the coordinators.</summary>
public sealed class AlertTimingOptions
{
    public const string Section = "Alerts:Timing";

    public SeverityTiming Info { get; set; } = new() { Reminder = TimeSpan.FromHours(4), Escalation = TimeSpan.FromHours(24) };

    public SeverityTiming Warning { get; set; } = new() { Reminder = TimeSpan.FromMinutes(30), Escalation = TimeSpan.FromHours(2) };

    public SeverityTiming Critical { get; set; } = new() { Reminder = TimeSpan.FromMinutes(5), Escalation = TimeSpan.FromMinutes(15) };

    public SeverityTiming For(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => Critical,
        AlertSeverity.Warning => Warning,
        _ => Info,
    };
}

public sealed class SeverityTiming
{
    public TimeSpan Reminder { get; set; }

    public TimeSpan Escalation { get; set; }
}
