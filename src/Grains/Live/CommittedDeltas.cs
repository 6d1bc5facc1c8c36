using Coordination.Grains.Board;
using Microsoft.Extensions.Logging;

namespace Coordination.Grains.Live;

/// <summary>What a grain does with the deltas it has just committed: the tenant's board first, then every host.</summary>
public static class CommittedDeltas
{
    public static async Task PublishAsync(IGrainFactory grains, string tenant, IReadOnlyList<FeedEntry> committed, ILogger logger)
    {
        if (committed.Count == 0)
        {
            return;
        }

        // The change is durable already; a failure to push is repaired by gap filling from the feed.
        try
        {
            var board = committed.Where(entry => entry.Audience == Audiences.Coordinators).ToList();
            if (board.Count > 0)
            {
                // The board follows every coordinators' delta, so its snapshot sequence is the feed's.
                await grains.GetGrain<IBoardGrain>(tenant).Apply(board);
            }

            await grains.GetGrain<IDeltaRelayGrain>(0).Publish(new DeltaBatch(tenant, committed));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Pushing deltas of a committed change failed");
        }
    }
}
