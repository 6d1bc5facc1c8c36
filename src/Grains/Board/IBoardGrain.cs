using Coordination.Grains.Alerts;
using Coordination.Grains.Live;
using Coordination.Grains.Concerns;
using Coordination.Grains.Security;

namespace Coordination.Grains.Board;

/// <summary>A tenant's aggregated live picture (key: tenant), so a new board reads one snapshot.</summary>
[Alias("Coordination.IBoardGrain")]
public interface IBoardGrain : IGrainWithStringKey
{
    [Alias("GetSnapshot")]
    Task<BoardSnapshot> GetSnapshot(Caller caller);

    /// <summary>Open alerts, who has yet to acknowledge them and the mean time to acknowledge (coordinators).</summary>
    [Alias("GetAlertFigures")]
    Task<AlertFigures> GetAlertFigures(Caller caller);

    /// <summary>Handling times per week of report over the last <paramref name="weeks"/> weeks (coordinators).</summary>
    [Alias("GetConcernFigures")]
    Task<IReadOnlyList<WeekFigures>> GetConcernFigures(Caller caller, int weeks);

    /// <summary>Committed coordinators' deltas, in sequence order; a gap makes the board reload from the store.</summary>
    [Alias("Apply")]
    Task Apply(IReadOnlyList<FeedEntry> entries);
}
