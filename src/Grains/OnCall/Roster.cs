namespace Coordination.Grains.OnCall;

[GenerateSerializer, Immutable, Alias("Coordination.Roster")]
public sealed record Roster(
    [property: Id(0)] IReadOnlyList<RotationLayer> Layers,
    [property: Id(1)] IReadOnlyList<RosterOverride> Overrides,
    [property: Id(2)] IReadOnlyList<RosterSwap> Swaps)
{
    public static Roster Empty { get; } = new([], [], []);
}
