using Coordination.Grains.Partners;
using Coordination.Grains.Security;

namespace Coordination.Grains.Alerts;

/// <summary>
/// The entry point for alerts raised by the system rather than a person (an escalation now; overdue concerns
/// and "no one on shift" later): a critical alert to the coordinators' organisations that never escalates itself.
/// </summary>
public static class SystemAlerts
{
    public static Task<AlertView> RaiseAsync(IGrainFactory grains, string tenant, string title, string message)
    {
        var system = new Caller(tenant, AlertGrain.SystemUser, "", CallerRoles.Coordinator);
        var draft = new AlertDraft(title, message, AlertSeverity.Critical, [PartnerKind.SocialServices, PartnerKind.Ngo], [], [], null)
        {
            IsSystem = true,
        };
        return grains.GetGrain<IAlertGrain>(GrainKeys.For(tenant, Guid.NewGuid())).Send(system, draft);
    }
}
