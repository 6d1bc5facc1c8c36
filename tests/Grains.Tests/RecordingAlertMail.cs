using System.Collections.Concurrent;
using Coordination.Grains.Alerts;

namespace Coordination.Grains.Tests;

/// <summary>The test cluster's alert mail: records what the grains asked to be e-mailed.</summary>
public sealed class RecordingAlertMail : IAlertMail
{
    private readonly ConcurrentQueue<Recorded> _requests = new();

    public void AlertAwaiting(string tenant, Guid alertId, IReadOnlyList<string> organisationIds, AlertMailReason reason) =>
        _requests.Enqueue(new Recorded(tenant, alertId, [.. organisationIds], reason));

    public IReadOnlyList<Recorded> For(Guid alertId) => [.. _requests.Where(r => r.AlertId == alertId)];

    public sealed record Recorded(string Tenant, Guid AlertId, IReadOnlyList<string> OrganisationIds, AlertMailReason Reason);
}
