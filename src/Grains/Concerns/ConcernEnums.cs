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
