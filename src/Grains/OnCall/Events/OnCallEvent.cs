using System.Text.Json.Serialization;

namespace Coordination.Grains.OnCall.Events;

/// <summary>A fact in a tenant's on-call history; the discriminators are part of the stored format.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(RosterChanged), RosterChanged.TypeName)]
[JsonDerivedType(typeof(AvailabilityChanged), AvailabilityChanged.TypeName)]
[JsonDerivedType(typeof(WorkerAssigned), WorkerAssigned.TypeName)]
public abstract record OnCallEvent
{
    [JsonIgnore]
    public abstract string Type { get; }
}

/// <summary>The whole roster as a coordinator saved it (layers, overrides, swaps).</summary>
public sealed record RosterChanged(Roster Roster) : OnCallEvent
{
    public const string TypeName = "oncall.roster-changed";
    public override string Type => TypeName;
}

public sealed record AvailabilityChanged(string WorkerId, WorkerAvailability Availability) : OnCallEvent
{
    public const string TypeName = "oncall.availability-changed";
    public override string Type => TypeName;
}

/// <summary>A concern was given to a worker: "longest since last assignment" counts from here.</summary>
public sealed record WorkerAssigned(string WorkerId) : OnCallEvent
{
    public const string TypeName = "oncall.worker-assigned";
    public override string Type => TypeName;
}
