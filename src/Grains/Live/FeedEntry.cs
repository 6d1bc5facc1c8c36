using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Grains.Live;

/// <summary>One durable, sequence-numbered delta of an audience's feed; <see cref="DataJson"/> is already filtered for it.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.FeedEntry")]
public sealed record FeedEntry(
    [property: Id(0)] string Audience,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Type,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4), JsonIgnore] string DataJson)
{
    /// <summary>The delta's payload as JSON, for API answers.</summary>
    public JsonElement Data => JsonDocument.Parse(DataJson).RootElement.Clone();
}

/// <summary>Deltas of one tenant, in the order they were committed per audience.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.DeltaBatch")]
public sealed record DeltaBatch(
    [property: Id(0)] string Tenant,
    [property: Id(1)] IReadOnlyList<FeedEntry> Entries);
