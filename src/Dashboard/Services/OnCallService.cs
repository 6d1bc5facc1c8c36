using Coordination.Grains.OnCall;

namespace Coordination.Dashboard.Services;

/// <summary>The roster and availability on behalf of the signed-in account; the on-call grain checks it again.</summary>
public sealed class OnCallService(IGrainFactory grains, UserContext user)
{
    public async Task<OnCallView> GetAsync()
    {
        var caller = await user.GetCallerAsync();
        return await grains.GetGrain<IOnCallGrain>(caller.Tenant).GetView(caller);
    }

    public async Task<OnCallView> SaveRosterAsync(Roster roster, long revision)
    {
        var caller = await user.GetCallerAsync();
        return await grains.GetGrain<IOnCallGrain>(caller.Tenant).SaveRoster(caller, roster, revision);
    }

    /// <summary>With no worker, the signed-in worker's own availability.</summary>
    public async Task<OnCallView> SetAvailabilityAsync(WorkerAvailability availability, string? workerId = null)
    {
        var caller = await user.GetCallerAsync();
        return await grains.GetGrain<IOnCallGrain>(caller.Tenant).SetAvailability(caller, workerId ?? caller.UserId, availability);
    }
}
