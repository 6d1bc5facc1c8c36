namespace Coordination.Grains.Alerts;

[GenerateSerializer, Alias("Coordination.AlertSeverity")]
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

[GenerateSerializer, Alias("Coordination.AlertStatus")]
public enum AlertStatus
{
    Open,
    Withdrawn,
    Closed,

    /// <summary>Ended by the system when the expiry the sender set passed.</summary>
    Expired,
}
