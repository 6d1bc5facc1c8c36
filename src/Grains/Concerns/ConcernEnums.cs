namespace Coordination.Grains.Concerns;

[GenerateSerializer, Alias("Coordination.ConcernStatus")]
public enum ConcernStatus
{
    Reported,
    Triaged,
    Assigned,
    Accepted,
    InProgress,
    Referred,
    Closed,
}

/// <summary>What a reporting partner sees: never more than this.</summary>
[GenerateSerializer, Alias("Coordination.PublicStatus")]
public enum PublicStatus
{
    Received,
    BeingHandled,
    Closed,
}

[GenerateSerializer, Alias("Coordination.Urgency")]
public enum Urgency
{
    Normal,
    Urgent,
    ImmediateDanger,
}

[GenerateSerializer, Alias("Coordination.PlaceKind")]
public enum PlaceKind
{
    Hotel,
    Apartment,
    Street,
    Vehicle,
    Online,
    Other,
}

[GenerateSerializer, Alias("Coordination.ClosureOutcome")]
public enum ClosureOutcome
{
    SupportAccepted,
    ReferredToPolice,
    NoContactMade,
    MovedElsewhere,
    Unfounded,
    MergedAsDuplicate,
}

/// <summary>The stages a concern has deadlines for (DOMAIN.md: time to triage, assignment, acceptance, first contact).</summary>
[GenerateSerializer, Alias("Coordination.ConcernStage")]
public enum ConcernStage
{
    Triage,
    Assignment,
    Acceptance,
    FirstContact,
}

/// <summary>The stages whose deadline passed, as flags so that a summary stays a plain value.</summary>
[Flags]
[GenerateSerializer, Alias("Coordination.BreachedStages")]
public enum BreachedStages
{
    None = 0,
    Triage = 1,
    Assignment = 2,
    Acceptance = 4,
    FirstContact = 8,
}

[GenerateSerializer, Alias("Coordination.AssignmentFailure")]
public enum AssignmentFailure
{
    NoWorkerOnShift,
    EveryoneDeclined,
}

[GenerateSerializer, Alias("Coordination.SupportProvider")]
public enum SupportProvider
{
    SalvationArmy,
    SocialServices,
    Healthcare,
    Shelter,
    Other,
}

[GenerateSerializer, Alias("Coordination.ReferralTarget")]
public enum ReferralTarget
{
    Police,
    RegionalCoordinator,
    Healthcare,
    Other,
}
