using System.Text.Json;
using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.OnCall;
using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;

namespace Coordination.Grains.Board;

/// <summary>
/// Holds no state of its own: it is rebuilt from the concern read model and the coordinators' feed on
/// activation, then kept current by the deltas the concern grains commit.
/// </summary>
public sealed class BoardGrain(IEventStore store, IOrganisationDirectory directory, IWorkerDirectory workers, TimeProvider time) : Grain, IBoardGrain
{
    public const int RecentActivityCount = 30;

    /// <summary>At most this many deltas are read from the feed to close a gap; a wider one reloads the board.</summary>
    private const int CatchUpLimit = 500;

    private readonly Dictionary<Guid, ConcernSummary> _open = [];
    private readonly Dictionary<Guid, AlertView> _alerts = [];
    private readonly Queue<FeedEntry> _recent = new();
    private IReadOnlyList<PartnerKindFigures> _partners = [];
    private OnCallView _onCall = new(0, Roster.Empty, []);
    private long _sequence;

    private string Tenant => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => ReloadAsync(cancellationToken);

    public Task<BoardSnapshot> GetSnapshot(Caller caller)
    {
        caller.EnsureCoordinator(Tenant);
        var open = _open.Values.OrderByDescending(c => c.Urgency).ThenBy(c => c.ReportedAt).ToList();
        return Task.FromResult(new BoardSnapshot(
            _sequence,
            open,
            open.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Count()),
            open.GroupBy(c => c.Urgency).ToDictionary(g => g.Key, g => g.Count()),
            open.GroupBy(c => c.Area).ToDictionary(g => g.Key, g => g.Count()),
            _partners,
            [.. _recent],
            [.. _alerts.Values.OrderByDescending(a => a.SentAt)],
            _onCall));
    }

    public async Task<AlertFigures> GetAlertFigures(Caller caller)
    {
        caller.EnsureCoordinator(Tenant);
        // Read when asked rather than kept: the acknowledgements are committed before their deltas reach anyone who asks.
        var since = time.GetUtcNow() - AlertFigures.Window;
        var totals = await store.ReadAcknowledgementTotalsAsync(Tenant, since);
        var organisations = await directory.ListAsync(Tenant);
        return AlertFigures.Compute(since, _alerts.Values, organisations, totals);
    }

    public async Task<IReadOnlyList<WeekFigures>> GetConcernFigures(Caller caller, int weeks)
    {
        caller.EnsureCoordinator(Tenant);
        if (weeks is < 1 or > 52)
        {
            throw new ValidationException("weeks", "Between 1 and 52 weeks.");
        }

        var concerns = await store.ListConcernsReportedSinceAsync(Tenant, time.GetUtcNow().AddDays(-7 * weeks));
        return ConcernFigures.PerWeek(concerns, OnCall.RosterPolicy.CityZone);
    }

    public async Task Apply(IReadOnlyList<FeedEntry> entries)
    {
        foreach (var entry in entries.OrderBy(e => e.Sequence))
        {
            if (entry.Sequence <= _sequence)
            {
                continue;
            }

            if (entry.Sequence != _sequence + 1)
            {
                // An earlier delta has not reached the board yet (its publisher is slower, or failed): it is
                // committed, since the store numbers an audience's deltas in commit order, so read it from the feed.
                // This keeps the board at or past every delta it was given, before any host sends that delta.
                await CatchUpAsync();
                if (entry.Sequence <= _sequence)
                {
                    continue;
                }

                if (entry.Sequence != _sequence + 1)
                {
                    // The feed does not close the gap either: start again from the read model.
                    await ReloadAsync(CancellationToken.None);
                    return;
                }
            }

            ApplyOne(entry);
        }
    }

    /// <summary>Applies what the coordinators' feed holds after the board's sequence, in order.</summary>
    private async Task CatchUpAsync()
    {
        var missing = await store.ReadFeedAsync(Tenant, Audiences.Coordinators, _sequence, CatchUpLimit);
        foreach (var entry in missing)
        {
            if (entry.Sequence != _sequence + 1)
            {
                return;
            }

            ApplyOne(entry);
        }
    }

    private void ApplyOne(FeedEntry entry)
    {
        _sequence = entry.Sequence;
        if (entry.Type.StartsWith("alert.", StringComparison.Ordinal))
        {
            var alert = JsonSerializer.Deserialize<AlertView>(entry.DataJson, StoreJson.Options)!;
            if (alert.Status == AlertStatus.Open)
            {
                _alerts[alert.Id] = alert;
            }
            else
            {
                _alerts.Remove(alert.Id);
            }

            return;
        }

        if (entry.Type.StartsWith("oncall.", StringComparison.Ordinal))
        {
            var onCall = JsonSerializer.Deserialize<OnCallView>(entry.DataJson, StoreJson.Options)!;
            if (onCall.Revision >= _onCall.Revision)
            {
                _onCall = onCall;
            }

            return;
        }

        if (!IsConcernActivity(entry))
        {
            return;
        }

        _recent.Enqueue(entry);
        while (_recent.Count > RecentActivityCount)
        {
            _recent.Dequeue();
        }

        var activity = JsonSerializer.Deserialize<ConcernActivity>(entry.DataJson, StoreJson.Options);
        if (activity is null)
        {
            return;
        }

        if (activity.Concern.IsOpen)
        {
            _open[activity.Concern.Id] = activity.Concern;
        }
        else
        {
            _open.Remove(activity.Concern.Id);
        }
    }

    /// <summary>The coordinators' feed carries alerts too; the concern picture is built from concern deltas only.</summary>
    public static bool IsConcernActivity(FeedEntry entry) => entry.Type.StartsWith("concern.", StringComparison.Ordinal);

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        // Read the head first: concerns committed after it are in the list too, and their deltas are skipped as old.
        _sequence = await store.ReadFeedHeadAsync(Tenant, Audiences.Coordinators, cancellationToken);
        var open = await store.ListOpenConcernsAsync(Tenant, cancellationToken);
        var recent = await store.ReadFeedTailAsync(Tenant, Audiences.Coordinators, RecentActivityCount, cancellationToken);
        var organisations = await directory.ListAsync(Tenant, cancellationToken);
        var alerts = await store.ListOpenAlertsAsync(Tenant, null, cancellationToken);
        _onCall = (await OnCallGrain.ReadStateAsync(store, Tenant, cancellationToken)).ToView(await workers.ListAsync(Tenant, cancellationToken));

        _open.Clear();
        foreach (var concern in open)
        {
            _open[concern.Id] = concern;
        }

        _alerts.Clear();
        foreach (var alert in alerts)
        {
            _alerts[alert.Id] = alert;
        }

        _recent.Clear();
        foreach (var entry in recent.Where(e => e.Sequence <= _sequence && IsConcernActivity(e)))
        {
            _recent.Enqueue(entry);
        }

        _partners = [.. organisations
            .GroupBy(o => o.Kind)
            .OrderBy(g => g.Key)
            .Select(g => new PartnerKindFigures(g.Key, g.Count(), g.Sum(o => o.TrainedStaff), g.Count(o => o.AgreementSigned is not null)))];
    }
}
