using System.Text.Json.Serialization;

namespace Coordination.Grains.Concerns.Events;

/// <summary>
/// A fact in a concern's history. Stored as JSON in the event table, with the discriminator as its type;
/// the discriminators are part of the stored format and never change.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ConcernReported), ConcernReported.TypeName)]
[JsonDerivedType(typeof(UrgencyConfirmed), UrgencyConfirmed.TypeName)]
[JsonDerivedType(typeof(ConcernTriaged), ConcernTriaged.TypeName)]
[JsonDerivedType(typeof(DuplicateMergedInto), DuplicateMergedInto.TypeName)]
[JsonDerivedType(typeof(DuplicateAttached), DuplicateAttached.TypeName)]
[JsonDerivedType(typeof(ClosedAsUnfounded), ClosedAsUnfounded.TypeName)]
[JsonDerivedType(typeof(DetailsViewed), DetailsViewed.TypeName)]
public abstract record ConcernEvent
{
    [JsonIgnore]
    public abstract string Type { get; }
}

public sealed record ConcernReported(
    string ReportedByOrganisation,
    PlaceKind PlaceKind,
    string Area,
    DateTimeOffset ObservedAt,
    IReadOnlyList<string> Indicators,
    string? FreeText,
    Urgency Urgency) : ConcernEvent
{
    public const string TypeName = "concern.reported";
    public override string Type => TypeName;
}

public sealed record UrgencyConfirmed(Urgency Urgency) : ConcernEvent
{
    public const string TypeName = "concern.urgency-confirmed";
    public override string Type => TypeName;
}

public sealed record ConcernTriaged : ConcernEvent
{
    public const string TypeName = "concern.triaged";
    public override string Type => TypeName;
}

public sealed record DuplicateMergedInto(Guid TargetConcernId, string TargetReference) : ConcernEvent
{
    public const string TypeName = "concern.merged-into";
    public override string Type => TypeName;
}

public sealed record DuplicateAttached(Guid DuplicateConcernId, string DuplicateReference) : ConcernEvent
{
    public const string TypeName = "concern.duplicate-attached";
    public override string Type => TypeName;
}

public sealed record ClosedAsUnfounded(string? Reason) : ConcernEvent
{
    public const string TypeName = "concern.closed-unfounded";
    public override string Type => TypeName;
}

/// <summary>Somebody read the concern's details: the audit trail DOMAIN.md asks for.</summary>
public sealed record DetailsViewed : ConcernEvent
{
    public const string TypeName = "concern.details-viewed";
    public override string Type => TypeName;
}
