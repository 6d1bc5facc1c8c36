namespace Coordination.Grains.Live;

/// <summary>Carries committed deltas to every host's listener (Orleans is the backplane; no Redis).</summary>
[Alias("Coordination.IDeltaRelayGrain")]
public interface IDeltaRelayGrain : IGrainWithIntegerKey
{
    [Alias("Publish")]
    Task Publish(DeltaBatch batch);
}
