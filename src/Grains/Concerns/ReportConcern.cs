namespace Coordination.Grains.Concerns;

/// <summary>A partner member's report, as entered in the form or sent by a partner system.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.ReportConcern")]
public sealed record ReportConcern(
    [property: Id(0)] PlaceKind PlaceKind,
    [property: Id(1)] string Area,
    [property: Id(2)] DateTimeOffset ObservedAt,
    [property: Id(3)] IReadOnlyList<string> Indicators,
    [property: Id(4)] string? FreeText,
    [property: Id(5)] Urgency Urgency);
