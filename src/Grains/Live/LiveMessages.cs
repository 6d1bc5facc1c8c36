using System.Text.Json;
using Coordination.Grains.Board;
using Coordination.Grains.Partners;

namespace Coordination.Grains.Live;

/// <summary>One delta as clients receive it; <see cref="Data"/> is already filtered for the audience.</summary>
public sealed record LiveDelta(long Sequence, string Type, DateTimeOffset At, JsonElement Data)
{
    public static LiveDelta From(FeedEntry entry) =>
        new(entry.Sequence, entry.Type, entry.At, JsonDocument.Parse(entry.DataJson).RootElement.Clone());
}

/// <summary>Consecutive deltas of one audience, oldest first.</summary>
public sealed record LiveDeltas(string Audience, IReadOnlyList<LiveDelta> Deltas);

/// <summary>An audience's state at <see cref="Sequence"/>; exactly one of the payloads is set.</summary>
public sealed record LiveSnapshot(string Audience, long Sequence, BoardSnapshot? Board, OrganisationReports? Reports)
{
    /// <summary>A worker's own assignments (audience worker/{id}).</summary>
    public OnCall.WorkerAssignments? Assignments { get; init; }
}

/// <summary>The answer to a catch-up: the missed deltas, or a snapshot when the client was too far behind.</summary>
public sealed record LiveCatchUp(string Audience, bool IsSnapshot, IReadOnlyList<LiveDelta> Deltas, LiveSnapshot? Snapshot);
