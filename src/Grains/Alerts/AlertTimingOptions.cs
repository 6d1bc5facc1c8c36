using System.ComponentModel.DataAnnotations;

namespace Coordination.Grains.Alerts;

/// <summary>
/// When an unacknowledged alert reminds its addressees and when it escalates to the coordinators: defaults per
/// severity, which a tenant may override value by value (Alerts:Timing:Tenants:{tenant}:Critical:Reminder).
/// </summary>
public sealed class AlertTimingOptions : IValidatableObject
{
    public const string Section = "Alerts:Timing";

    public SeverityTiming Info { get; set; } = new() { Reminder = TimeSpan.FromHours(4), Escalation = TimeSpan.FromHours(24) };

    public SeverityTiming Warning { get; set; } = new() { Reminder = TimeSpan.FromMinutes(30), Escalation = TimeSpan.FromHours(2) };

    public SeverityTiming Critical { get; set; } = new() { Reminder = TimeSpan.FromMinutes(5), Escalation = TimeSpan.FromMinutes(15) };

    /// <summary>Overrides by tenant id; what a tenant leaves out comes from the defaults above.</summary>
    public Dictionary<string, TenantAlertTiming> Tenants { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The defaults of a severity.</summary>
    public SeverityTiming For(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => Critical,
        AlertSeverity.Warning => Warning,
        _ => Info,
    };

    /// <summary>The intervals that apply to a tenant's alerts of a severity.</summary>
    public SeverityTiming For(string tenant, AlertSeverity severity)
    {
        var defaults = For(severity);
        var own = Tenants.GetValueOrDefault(tenant)?.For(severity);
        return own is null
            ? defaults
            : new SeverityTiming { Reminder = own.Reminder ?? defaults.Reminder, Escalation = own.Escalation ?? defaults.Escalation };
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var resolved = Enum.GetValues<AlertSeverity>().Select(s => ($"{Section}:{s}", For(s)))
            .Concat(Tenants.Keys.SelectMany(tenant => Enum.GetValues<AlertSeverity>()
                .Select(s => ($"{Section}:{nameof(Tenants)}:{tenant}:{s}", For(tenant, s)))));
        foreach (var (path, timing) in resolved)
        {
            if (timing.Reminder <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"{path}:{nameof(SeverityTiming.Reminder)} must be positive (is {timing.Reminder}).");
            }
            else if (timing.Escalation <= timing.Reminder)
            {
                yield return new ValidationResult(
                    $"{path}: the escalation ({timing.Escalation}) must come after the reminder ({timing.Reminder}).");
            }
        }
    }
}

public sealed class SeverityTiming
{
    public TimeSpan Reminder { get; set; }

    public TimeSpan Escalation { get; set; }
}

/// <summary>A tenant's own intervals; a severity or a value left out is the default's.</summary>
public sealed class TenantAlertTiming
{
    public SeverityTimingOverride? Info { get; set; }

    public SeverityTimingOverride? Warning { get; set; }

    public SeverityTimingOverride? Critical { get; set; }

    public SeverityTimingOverride? For(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => Critical,
        AlertSeverity.Warning => Warning,
        _ => Info,
    };
}

public sealed class SeverityTimingOverride
{
    public TimeSpan? Reminder { get; set; }

    public TimeSpan? Escalation { get; set; }
}
