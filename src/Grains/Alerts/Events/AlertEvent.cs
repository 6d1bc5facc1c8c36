using System.Text.Json.Serialization;

namespace Coordination.Grains.Alerts.Events;

/// <summary>A fact in an alert's history, stored in the event table; discriminators never change.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(AlertSent), AlertSent.TypeName)]
[JsonDerivedType(typeof(AlertDelivered), AlertDelivered.TypeName)]
[JsonDerivedType(typeof(AlertSeen), AlertSeen.TypeName)]
[JsonDerivedType(typeof(AlertAcknowledged), AlertAcknowledged.TypeName)]
[JsonDerivedType(typeof(AlertEnded), AlertEnded.TypeName)]
[JsonDerivedType(typeof(AlertReminded), AlertReminded.TypeName)]
[JsonDerivedType(typeof(AlertEscalated), AlertEscalated.TypeName)]
public abstract record AlertEvent
{
    [JsonIgnore]
    public abstract string Type { get; }
}

public sealed record AlertSent(
    string Title,
    string Message,
    AlertSeverity Severity,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<AddressedOrganisation> Addressees,
    bool IsSystem = false) : AlertEvent
{
    public const string TypeName = "alert.sent";
    public override string Type => TypeName;
}

public sealed record AddressedOrganisation(string Id, string Name, string Kind);

/// <summary>At least one member's client of the organisation received the alert.</summary>
public sealed record AlertDelivered(string OrganisationId) : AlertEvent
{
    public const string TypeName = "alert.delivered";
    public override string Type => TypeName;
}

/// <summary>A member of the organisation opened the alert.</summary>
public sealed record AlertSeen(string OrganisationId) : AlertEvent
{
    public const string TypeName = "alert.seen";
    public override string Type => TypeName;
}

public sealed record AlertAcknowledged(string OrganisationId, string ByName, string? Comment) : AlertEvent
{
    public const string TypeName = "alert.acknowledged";
    public override string Type => TypeName;
}

/// <summary>Withdrawn (sent in error) or closed (no longer relevant) with a reason, or expired (by the system, no reason).</summary>
public sealed record AlertEnded(AlertStatus Status, string? Reason) : AlertEvent
{
    public const string TypeName = "alert.ended";
    public override string Type => TypeName;
}

/// <summary>The reminder interval passed: these organisations had not acknowledged and were reminded.</summary>
public sealed record AlertReminded(IReadOnlyList<string> OrganisationIds) : AlertEvent
{
    public const string TypeName = "alert.reminded";
    public override string Type => TypeName;
}

/// <summary>The escalation interval passed: these organisations still had not acknowledged.</summary>
public sealed record AlertEscalated(IReadOnlyList<string> OrganisationIds) : AlertEvent
{
    public const string TypeName = "alert.escalated";
    public override string Type => TypeName;
}
