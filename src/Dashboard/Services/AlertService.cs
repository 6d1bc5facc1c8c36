using Coordination.Grains;
using Coordination.Grains.Alerts;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;

namespace Coordination.Dashboard.Services;

/// <summary>What pages do with alerts, on behalf of the signed-in account; the alert grain checks it again.</summary>
public sealed class AlertService(IGrainFactory grains, UserContext user, IOrganisationDirectory directory, IAccountService accounts)
{
    public Task<Caller> GetCallerAsync() => user.GetCallerAsync();

    public async Task<IReadOnlyList<Organisation>> GetOrganisationsAsync() => await directory.ListAsync((await user.GetCallerAsync()).Tenant);

    public async Task<IReadOnlyList<string>> GetAreasAsync() => await directory.GetAreasAsync((await user.GetCallerAsync()).Tenant);

    /// <summary>The organisations and people a draft reaches.</summary>
    public async Task<(IReadOnlyList<Organisation> Organisations, int People)> ReachAsync(AlertDraft draft)
    {
        var caller = await user.GetCallerAsync();
        var addressees = AlertRules.Addressees(draft, await directory.ListAsync(caller.Tenant));
        return (addressees, await accounts.CountPeopleAsync(caller.Tenant, [.. addressees.Select(o => o.Id)]));
    }

    public async Task<AlertView> SendAsync(AlertDraft draft)
    {
        var caller = await user.GetCallerAsync();
        return await Alert(caller, Guid.NewGuid()).Send(caller, draft);
    }

    public async Task<AlertView> GetProgressAsync(Guid id)
    {
        var caller = await user.GetCallerAsync();
        return await Alert(caller, id).GetProgress(caller);
    }

    public async Task MarkDeliveredAsync(Guid id)
    {
        var caller = await user.GetCallerAsync();
        await Alert(caller, id).MarkDelivered(caller);
    }

    public async Task MarkSeenAsync(Guid id)
    {
        var caller = await user.GetCallerAsync();
        await Alert(caller, id).MarkSeen(caller);
    }

    public async Task<AcknowledgementResult> AcknowledgeAsync(Guid id, string? comment)
    {
        var principal = await user.GetUserAsync();
        var caller = principal.ToCaller();
        return await Alert(caller, id).Acknowledge(caller, principal.DisplayNameOf(), comment);
    }

    public async Task<AlertView> EndAsync(Guid id, AlertStatus status, string? reason)
    {
        var caller = await user.GetCallerAsync();
        return await Alert(caller, id).End(caller, status, reason);
    }

    private IAlertGrain Alert(Caller caller, Guid id) => grains.GetGrain<IAlertGrain>(GrainKeys.For(caller.Tenant, id));
}
