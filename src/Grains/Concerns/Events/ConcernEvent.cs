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
[JsonDerivedType(typeof(ConcernAssigned), ConcernAssigned.TypeName)]
[JsonDerivedType(typeof(AssignmentAccepted), AssignmentAccepted.TypeName)]
[JsonDerivedType(typeof(AssignmentDeclined), AssignmentDeclined.TypeName)]
[JsonDerivedType(typeof(AssignmentTimedOut), AssignmentTimedOut.TypeName)]
[JsonDerivedType(typeof(AssignmentFailed), AssignmentFailed.TypeName)]
[JsonDerivedType(typeof(ContactAttempted), ContactAttempted.TypeName)]
[JsonDerivedType(typeof(SupportOffered), SupportOffered.TypeName)]
[JsonDerivedType(typeof(ConcernReferred), ConcernReferred.TypeName)]
[JsonDerivedType(typeof(NoteAdded), NoteAdded.TypeName)]
[JsonDerivedType(typeof(ConcernClosed), ConcernClosed.TypeName)]
[JsonDerivedType(typeof(DeadlineBreached), DeadlineBreached.TypeName)]
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

/// <summary>Handed to a worker, who must accept by <paramref name="AcceptBy"/>; replaces any earlier assignment.</summary>
public sealed record ConcernAssigned(string WorkerId, bool Automatic, DateTimeOffset AcceptBy) : ConcernEvent
{
    public const string TypeName = "concern.assigned";
    public override string Type => TypeName;
}

public sealed record AssignmentAccepted(string WorkerId) : ConcernEvent
{
    public const string TypeName = "concern.accepted";
    public override string Type => TypeName;
}

public sealed record AssignmentDeclined(string WorkerId, string Reason) : ConcernEvent
{
    public const string TypeName = "concern.declined";
    public override string Type => TypeName;
}

/// <summary>The worker did not accept within the deadline for the concern's urgency.</summary>
public sealed record AssignmentTimedOut(string WorkerId) : ConcernEvent
{
    public const string TypeName = "concern.acceptance-timed-out";
    public override string Type => TypeName;
}

/// <summary>Automatic assignment found nobody (no one on shift and available, or everyone declined); coordinators were alerted.</summary>
public sealed record AssignmentFailed(AssignmentFailure Reason) : ConcernEvent
{
    public const string TypeName = "concern.assignment-failed";
    public override string Type => TypeName;
}

public sealed record ContactAttempted(bool Reached, string? Note) : ConcernEvent
{
    public const string TypeName = "concern.contact-attempted";
    public override string Type => TypeName;
}

public sealed record SupportOffered(SupportProvider Provider, string? Note) : ConcernEvent
{
    public const string TypeName = "concern.support-offered";
    public override string Type => TypeName;
}

public sealed record ConcernReferred(ReferralTarget Target, string? Note) : ConcernEvent
{
    public const string TypeName = "concern.referred";
    public override string Type => TypeName;
}

/// <summary>A handling note: seen by the assigned worker and coordinators, never by the reporting partner.</summary>
public sealed record NoteAdded(string Text) : ConcernEvent
{
    public const string TypeName = "concern.note-added";
    public override string Type => TypeName;
}

public sealed record ConcernClosed(ClosureOutcome Outcome, string? Note) : ConcernEvent
{
    public const string TypeName = "concern.closed";
    public override string Type => TypeName;
}

/// <summary>A stage was not reached by its deadline (triage, assignment or first contact).</summary>
public sealed record DeadlineBreached(ConcernStage Stage, DateTimeOffset DueAt) : ConcernEvent
{
    public const string TypeName = "concern.deadline-breached";
    public override string Type => TypeName;
}
