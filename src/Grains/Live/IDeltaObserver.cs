using Orleans.Concurrency;

namespace Coordination.Grains.Live;

/// <summary>One per host: receives every committed delta and fans it out to that host's clients.</summary>
[Alias("Coordination.IDeltaObserver")]
public interface IDeltaObserver : IGrainObserver
{
    [OneWay]
    [Alias("OnDeltas")]
    Task OnDeltas(DeltaBatch batch);
}
