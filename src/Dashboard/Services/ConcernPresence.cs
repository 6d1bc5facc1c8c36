using System.Collections.Concurrent;

namespace Coordination.Dashboard.Services;

/// <summary>
/// Who has a concern open right now on this host, so coordinators see each other ("also looking").
/// In-process: in cluster mode each host knows its own viewers.
/// </summary>
public sealed class ConcernPresence
{
    private readonly ConcurrentDictionary<(string Tenant, Guid Concern), ConcurrentDictionary<Viewer, byte>> _viewers = new();

    public event Action<string, Guid>? Changed;

    public IDisposable Join(string tenant, Guid concern, string userId, string displayName)
    {
        var viewer = new Viewer(Guid.NewGuid(), userId, displayName);
        _viewers.GetOrAdd((tenant, concern), _ => new()).TryAdd(viewer, 0);
        Changed?.Invoke(tenant, concern);
        return new Leave(() =>
        {
            if (_viewers.TryGetValue((tenant, concern), out var viewers))
            {
                viewers.TryRemove(viewer, out _);
            }

            Changed?.Invoke(tenant, concern);
        });
    }

    /// <summary>Names of the other people looking, one per account.</summary>
    public IReadOnlyList<string> Others(string tenant, Guid concern, string userId) =>
        _viewers.TryGetValue((tenant, concern), out var viewers)
            ? [.. viewers.Keys.Where(v => v.UserId != userId).DistinctBy(v => v.UserId).Select(v => v.DisplayName).Order()]
            : [];

    private sealed record Viewer(Guid Id, string UserId, string DisplayName);

    private sealed class Leave(Action leave) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                leave();
            }
        }
    }
}
