using System.Text.Json;
using Coordination.Grains;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;

namespace Coordination.Dashboard.Services;

/// <summary>The signed-in member's organisation's reports, status only, kept current by its deltas.</summary>
public sealed class LiveReports(IGrainFactory grains, ILiveFeed feed, UserContext user) : LiveModel(feed, user)
{
    private readonly Dictionary<Guid, ReportStatus> _reports = [];

    public IEnumerable<ReportStatus> Reports => _reports.Values.OrderByDescending(r => r.ReportedAt);

    protected override string Audience(Caller caller) => Audiences.Organisation(caller.OrganisationId);

    protected override async Task<long> LoadSnapshotAsync(Caller caller)
    {
        var reports = await grains.GetGrain<IPartnerGrain>(GrainKeys.For(caller.Tenant, caller.OrganisationId)).GetReports(caller);
        _reports.Clear();
        foreach (var report in reports.Reports)
        {
            _reports[report.Id] = report;
        }

        return reports.Sequence;
    }

    protected override void Apply(LiveDelta delta)
    {
        // The organisation's feed also carries alerts addressed to it; this model follows its reports.
        if (delta.Type == "report.status" && delta.Data.Deserialize<ReportStatus>(StoreJson.Options) is { } report)
        {
            _reports[report.Id] = report;
        }
    }
}
