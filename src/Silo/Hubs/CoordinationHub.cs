using Coordination.Grains;
using Coordination.Grains.Alerts;
using Coordination.Grains.Board;
using Coordination.Grains.Live;
using Coordination.Grains.OnCall;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;
using Coordination.Silo.Identity;
using Coordination.Silo.Live;
using Coordination.Silo.Options;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Hubs;

/// <summary>
/// The real-time API (docs/realtime-api.md). The server alone chooses a connection's groups from its
/// account; clients take a snapshot, apply deltas after it, and catch up by sequence after a reconnect.
/// </summary>
[Authorize(Policy = Policies.Member)]
public sealed class CoordinationHub(IGrainFactory grains, IEventStore store, IOptions<LiveOptions> options)
    : Hub<ICoordinationClient>
{
    public override async Task OnConnectedAsync()
    {
        var caller = Context.User!.ToCaller();
        foreach (var audience in Audiences.For(caller))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, Audiences.GroupName(caller.Tenant, audience));
        }

        await base.OnConnectedAsync();
    }

    /// <summary>The audiences this connection receives.</summary>
    public IReadOnlyList<string> GetAudiences() => Audiences.For(Context.User!.ToCaller());

    /// <summary>A snapshot of each of the caller's audiences.</summary>
    public async Task<IReadOnlyList<LiveSnapshot>> GetSnapshot()
    {
        var caller = Context.User!.ToCaller();
        var snapshots = new List<LiveSnapshot>();
        foreach (var audience in Audiences.For(caller))
        {
            snapshots.Add(await SnapshotAsync(caller, audience));
        }

        return snapshots;
    }

    /// <summary>The deltas of <paramref name="audience"/> after <paramref name="afterSequence"/>, or a snapshot if too many were missed.</summary>
    public async Task<LiveCatchUp> CatchUp(string audience, long afterSequence)
    {
        var caller = Context.User!.ToCaller();
        if (!Audiences.For(caller).Contains(audience))
        {
            throw new HubException("You may not follow this audience.");
        }

        if (afterSequence < 0)
        {
            throw new HubException("afterSequence must be 0 or more.");
        }

        var limit = options.Value.CatchUpLimit;
        var missed = await store.ReadFeedAsync(caller.Tenant, audience, afterSequence, limit + 1, Context.ConnectionAborted);
        if (missed.Count > limit)
        {
            return new LiveCatchUp(audience, true, [], await SnapshotAsync(caller, audience));
        }

        return new LiveCatchUp(audience, false, [.. missed.Select(LiveDelta.From)], null);
    }

    /// <summary>Acknowledges an alert for the caller's organisation; the first acknowledgement stands.</summary>
    public async Task<AcknowledgementResult> AcknowledgeAlert(Guid alertId, string? comment)
    {
        var caller = Context.User!.ToCaller();
        try
        {
            return await grains.GetGrain<IAlertGrain>(GrainKeys.For(caller.Tenant, alertId))
                .Acknowledge(caller, Context.User!.DisplayNameOf(), comment);
        }
        catch (AccessDeniedException)
        {
            throw new HubException("The alert is not addressed to your organisation.");
        }
        catch (NotFoundException)
        {
            throw new HubException("No such alert.");
        }
        catch (Exception exception) when (exception is ValidationException or ConflictException)
        {
            throw new HubException(exception.Message);
        }
    }

    private async Task<LiveSnapshot> SnapshotAsync(Caller caller, string audience)
    {
        try
        {
            if (audience == Audiences.Coordinators)
            {
                var board = await grains.GetGrain<IBoardGrain>(caller.Tenant).GetSnapshot(caller);
                return new LiveSnapshot(audience, board.Sequence, board, null);
            }

            if (Audiences.TryGetWorker(audience, out _))
            {
                var assignments = await grains.GetGrain<IOnCallGrain>(caller.Tenant).GetAssignments(caller);
                return new LiveSnapshot(audience, assignments.Sequence, null, null) { Assignments = assignments };
            }

            Audiences.TryGetOrganisation(audience, out var organisationId);
            var reports = await grains.GetGrain<IPartnerGrain>(GrainKeys.For(caller.Tenant, organisationId)).GetReports(caller);
            return new LiveSnapshot(audience, reports.Sequence, null, reports);
        }
        catch (AccessDeniedException)
        {
            throw new HubException("You may not follow this audience.");
        }
    }
}
