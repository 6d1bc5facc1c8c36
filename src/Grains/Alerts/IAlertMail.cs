namespace Coordination.Grains.Alerts;

/// <summary>
/// Tells the contact persons of addressed organisations, outside the system, that an alert awaits their
/// acknowledgement. The alert grain calls it after a change is committed; an implementation only queues the
/// request and returns at once, and never throws: the e-mail must not slow or fail the change.
/// </summary>
public interface IAlertMail
{
    void AlertAwaiting(string tenant, Guid alertId, IReadOnlyList<string> organisationIds, AlertMailReason reason);
}

public enum AlertMailReason
{
    Sent,
    Reminder,
}

/// <summary>Sends nothing: e-mail switched off (Mail:Mode Off), and hosts that have no mail of their own.</summary>
public sealed class NoAlertMail : IAlertMail
{
    public void AlertAwaiting(string tenant, Guid alertId, IReadOnlyList<string> organisationIds, AlertMailReason reason)
    {
    }
}
