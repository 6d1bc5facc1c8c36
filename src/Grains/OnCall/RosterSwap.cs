namespace Coordination.Grains.OnCall;

/// <summary>During [<see cref="From"/>, <see cref="To"/>) Stockholm wall-clock time the layer's turns of A and B are exchanged.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.RosterSwap")]
public sealed record RosterSwap(
    [property: Id(0)] string Id,
    [property: Id(1)] string LayerId,
    [property: Id(2)] string WorkerA,
    [property: Id(3)] string WorkerB,
    [property: Id(4)] DateTime From,
    [property: Id(5)] DateTime To);
