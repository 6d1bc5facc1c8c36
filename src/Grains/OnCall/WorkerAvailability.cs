namespace Coordination.Grains.OnCall;

[GenerateSerializer, Alias("Coordination.WorkerAvailability")]
public enum WorkerAvailability
{
    Available,
    Busy,
    Off,
}
