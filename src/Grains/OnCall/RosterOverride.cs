namespace Coordination.Grains.OnCall;

/// <summary>
/// During [<see cref="From"/>, <see cref="To"/>) Stockholm wall-clock time the layer yields <see cref="WorkerId"/>,
/// whoever the rotation gives and even outside the layer's daily window.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.RosterOverride")]
public sealed record RosterOverride(
    [property: Id(0)] string Id,
    [property: Id(1)] string LayerId,
    [property: Id(2)] string WorkerId,
    [property: Id(3)] DateTime From,
    [property: Id(4)] DateTime To,
    [property: Id(5)] string? Note);
