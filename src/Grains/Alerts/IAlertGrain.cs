using Coordination.Grains.Scheduling;
using Coordination.Grains.Security;

namespace Coordination.Grains.Alerts;

/// <summary>One alert (key: tenant/alert id): its addressees and each organisation's acknowledgement.</summary>
[Alias("Coordination.IAlertGrain")]
public interface IAlertGrain : IDeadlineTarget
{
    [Alias("Send")]
    Task<AlertView> Send(Caller caller, AlertDraft draft);

    /// <summary>Every organisation's progress (coordinators).</summary>
    [Alias("GetProgress")]
    Task<AlertView> GetProgress(Caller caller);

    /// <summary>The caller's organisation's view; other organisations get NotFound.</summary>
    [Alias("GetForOrganisation")]
    Task<OrganisationAlertView> GetForOrganisation(Caller caller);

    [Alias("MarkDelivered")]
    Task MarkDelivered(Caller caller);

    [Alias("MarkSeen")]
    Task MarkSeen(Caller caller);

    /// <summary>Acknowledges for the caller's organisation; idempotent: the first acknowledgement stands.</summary>
    [Alias("Acknowledge")]
    Task<AcknowledgementResult> Acknowledge(Caller caller, string displayName, string? comment);

    [Alias("End")]
    Task<AlertView> End(Caller caller, AlertStatus status, string? reason);
}
