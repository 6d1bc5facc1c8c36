namespace Coordination.Grains.OnCall;

/// <summary>
/// A rotation: <see cref="Workers"/> take turns of <see cref="TurnLengthDays"/> local days, the first from
/// <see cref="StartDate"/> at <see cref="HandoffTime"/> Stockholm time. With a daily window the layer covers only
/// [<see cref="DailyFrom"/>, <see cref="DailyTo"/>) each day; a window that ends at or before it starts runs overnight.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.RotationLayer")]
public sealed record RotationLayer(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Workers,
    [property: Id(3)] DateOnly StartDate,
    [property: Id(4)] TimeOnly HandoffTime,
    [property: Id(5)] int TurnLengthDays,
    [property: Id(6)] TimeOnly? DailyFrom,
    [property: Id(7)] TimeOnly? DailyTo);
