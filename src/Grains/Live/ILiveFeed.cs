namespace Coordination.Grains.Live;

/// <summary>
/// In-process subscription to a host's deltas, for Blazor circuits: the same filtered, ordered stream the
/// hub clients get, without a loopback connection.
/// </summary>
public interface ILiveFeed
{
    IDisposable Subscribe(string tenant, IEnumerable<string> audiences, Func<LiveDeltas, Task> onDeltas);
}
