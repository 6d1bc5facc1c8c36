using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;

namespace Coordination.Grains.Partners;

/// <summary>
/// The partner's figures change with every report, so they are written at most once per
/// <see cref="WriteInterval"/> and on deactivation instead of after each change: the report itself is in the
/// event store, and losing a few seconds of "last activity" to a crash costs less than a second write per report.
/// </summary>
public sealed class PartnerGrain(
    [PersistentState("partner", StorageNames.Grains)] IPersistentState<PartnerState> state,
    IOrganisationDirectory directory,
    IEventStore store,
    TimeProvider time) : Grain, IPartnerGrain
{
    public static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(30);

    private string _tenant = "";
    private string _organisationId = "";
    private IGrainTimer? _pendingWrite;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _organisationId) = GrainKeys.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await WritePendingAsync();
    }

    public async Task<PartnerProfile> GetProfile(Caller caller)
    {
        EnsureMemberOrCoordinator(caller);
        var organisation = await directory.FindAsync(_tenant, _organisationId)
            ?? throw new NotFoundException("No such organisation.");
        return new PartnerProfile(organisation, state.State.LastActivity, state.State.ReportsSubmitted, Indicators.For(organisation.Kind));
    }

    public async Task<OrganisationReports> GetReports(Caller caller)
    {
        EnsureMemberOrCoordinator(caller);
        // Head first: a report committed in between is in the list and its delta is then skipped as old.
        var sequence = await store.ReadFeedHeadAsync(_tenant, Audiences.Organisation(_organisationId));
        var concerns = await store.ListConcernsReportedByAsync(_tenant, _organisationId);
        var alerts = await store.ListOpenAlertsAsync(_tenant, _organisationId);
        return new OrganisationReports(
            sequence,
            [.. concerns.OrderByDescending(c => c.ReportedAt).Select(ReportStatus.From)],
            [.. alerts.Select(a => a.ForOrganisation(_organisationId))]);
    }

    public Task RecordReport(Caller caller)
    {
        caller.EnsureTenant(_tenant);
        if (caller.OrganisationId != _organisationId)
        {
            throw new AccessDeniedException("Only the organisation's own members report for it.");
        }

        state.State.LastActivity = time.GetUtcNow();
        state.State.ReportsSubmitted++;
        _pendingWrite ??= this.RegisterGrainTimer(WritePendingAsync, WriteInterval, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    private async Task WritePendingAsync()
    {
        if (_pendingWrite is null)
        {
            return;
        }

        _pendingWrite.Dispose();
        _pendingWrite = null;
        await state.WriteStateAsync();
    }

    private void EnsureMemberOrCoordinator(Caller caller)
    {
        caller.EnsureTenant(_tenant);
        if (!caller.IsCoordinator && caller.OrganisationId != _organisationId)
        {
            throw new AccessDeniedException("Only the organisation's own members and coordinators may see this.");
        }
    }
}
