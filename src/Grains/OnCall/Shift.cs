namespace Coordination.Grains.OnCall;

/// <summary>One worker's uninterrupted time on one layer, as instants in UTC.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Shift")]
public sealed record Shift(
    [property: Id(0)] string LayerId,
    [property: Id(1)] string WorkerId,
    [property: Id(2)] DateTimeOffset Start,
    [property: Id(3)] DateTimeOffset End);
