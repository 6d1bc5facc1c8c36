namespace Coordination.Grains.OnCall;

[GenerateSerializer, Immutable, Alias("Coordination.OnShift")]
public sealed record OnShift(
    [property: Id(0)] string LayerId,
    [property: Id(1)] string WorkerId);
