using System.Text.Json;

namespace Coordination.Silo.Tests.Live;

// The hub's messages as a partner system reads them: plain JSON shapes, independent of the server's types.

public sealed record DeltasMessage(string Audience, IReadOnlyList<Delta> Deltas);

public sealed record Delta(long Sequence, string Type, DateTimeOffset At, JsonElement Data);

public sealed record Snapshot(string Audience, long Sequence, JsonElement? Board, JsonElement? Reports);

public sealed record CatchUpAnswer(string Audience, bool IsSnapshot, IReadOnlyList<Delta> Deltas, Snapshot? Snapshot);

/// <summary>One delta as a client received it, with the audience it came for.</summary>
public sealed record RecordedDelta(string Audience, Delta Delta)
{
    /// <summary>When the client received it (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long ReceivedAt { get; init; }

    public long Sequence => Delta.Sequence;

    public string Type => Delta.Type;

    /// <summary>The concern the delta is about: the coordinators' deltas carry it whole, an organisation's its status.</summary>
    public Guid ConcernId => ConcernIdOf(Delta);

    /// <summary>Empty for deltas about no concern (the roster's).</summary>
    public static Guid ConcernIdOf(Delta delta) =>
        (delta.Data.TryGetProperty("concern", out var concern) ? concern : delta.Data).TryGetProperty("id", out var id) ? id.GetGuid() : Guid.Empty;

    public override string ToString() => $"{Audience}#{Sequence} {Type} {ConcernId}";
}
