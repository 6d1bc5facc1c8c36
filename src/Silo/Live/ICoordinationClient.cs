using Coordination.Grains.Live;

namespace Coordination.Silo.Live;

/// <summary>The methods the server calls on hub clients.</summary>
public interface ICoordinationClient
{
    Task Deltas(LiveDeltas deltas);
}
