using System.Text.Json;
using Coordination.Grains;
using Coordination.Grains.Alerts;
using Coordination.Grains.Live;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;

namespace Coordination.Dashboard.Services;

/// <summary>The open alerts addressed to the signed-in member's organisation, kept current by its deltas.</summary>
public sealed class LiveInbox(IGrainFactory grains, ILiveFeed feed, UserContext user) : LiveModel(feed, user)
{
    private readonly Dictionary<Guid, OrganisationAlertView> _alerts = [];

    public IEnumerable<OrganisationAlertView> Alerts => _alerts.Values.OrderByDescending(a => a.Severity).ThenByDescending(a => a.SentAt);

    /// <summary>Raised for an alert this circuit had not seen before (not for those in the first snapshot).</summary>
    public event Action<OrganisationAlertView>? Arrived;

    /// <summary>Raised when an alert this organisation has not acknowledged reminds it.</summary>
    public event Action<OrganisationAlertView>? Reminded;

    protected override string Audience(Caller caller) => Audiences.Organisation(caller.OrganisationId);

    protected override async Task<long> LoadSnapshotAsync(Caller caller)
    {
        var picture = await grains.GetGrain<IPartnerGrain>(GrainKeys.For(caller.Tenant, caller.OrganisationId)).GetReports(caller);
        _alerts.Clear();
        foreach (var alert in picture.Alerts)
        {
            _alerts[alert.Id] = alert;
        }

        return picture.Sequence;
    }

    protected override void Apply(LiveDelta delta)
    {
        if (!delta.Type.StartsWith("alert.", StringComparison.Ordinal) || delta.Data.Deserialize<OrganisationAlertView>(StoreJson.Options) is not { } alert)
        {
            return;
        }

        if (alert.Status != AlertStatus.Open)
        {
            _alerts.Remove(alert.Id);
            return;
        }

        var isNew = _alerts.TryAdd(alert.Id, alert);
        _alerts[alert.Id] = alert;
        if (isNew && delta.Type == "alert.sent")
        {
            Arrived?.Invoke(alert);
        }
        else if (delta.Type == "alert.reminded")
        {
            Reminded?.Invoke(alert);
        }
    }
}
