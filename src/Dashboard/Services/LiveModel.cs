using System.Globalization;
using Coordination.Grains.Live;
using Coordination.Grains.Security;

namespace Coordination.Dashboard.Services;

/// <summary>
/// A circuit's live copy of one audience: a snapshot, then the host's deltas after its sequence. Every change
/// runs on the circuit's dispatcher (the component's InvokeAsync), so rendering never sees a half-applied delta.
/// </summary>
public abstract class LiveModel(ILiveFeed feed, UserContext user) : IDisposable
{
    private readonly List<LiveDelta> _early = [];
    private IDisposable? _subscription;
    private Func<Func<Task>, Task> _dispatch = work => work();
    private bool _loaded;

    public long Sequence { get; private set; }

    /// <summary>Raised on the circuit's dispatcher after deltas were applied.</summary>
    public event Func<Task>? Changed;

    protected abstract string Audience(Caller caller);

    protected abstract Task<long> LoadSnapshotAsync(Caller caller);

    protected abstract void Apply(LiveDelta delta);

    /// <param name="dispatch">The component's InvokeAsync.</param>
    public async Task StartAsync(Func<Func<Task>, Task> dispatch)
    {
        // One model per circuit: a page opened again reuses the running subscription.
        _dispatch = dispatch;
        if (_subscription is not null)
        {
            return;
        }

        var caller = await user.GetCallerAsync();
        // Deltas arrive on the feed's threads: render them in this circuit's language and formats, not the thread's.
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        // Subscribe before reading the snapshot, so nothing committed in between is missed.
        _subscription = feed.Subscribe(caller.Tenant, [Audience(caller)], deltas => _dispatch(() =>
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
            return OnDeltasAsync(caller, deltas);
        }));
        Sequence = await LoadSnapshotAsync(caller);
        _loaded = true;
        foreach (var delta in _early.Where(d => d.Sequence > Sequence).OrderBy(d => d.Sequence))
        {
            ApplyInOrder(delta);
        }

        _early.Clear();
    }

    private async Task OnDeltasAsync(Caller caller, LiveDeltas deltas)
    {
        if (!_loaded)
        {
            _early.AddRange(deltas.Deltas);
            return;
        }

        foreach (var delta in deltas.Deltas)
        {
            if (delta.Sequence <= Sequence)
            {
                continue;
            }

            if (delta.Sequence != Sequence + 1)
            {
                // Missed something (this host joined late): a fresh snapshot includes it.
                Sequence = await LoadSnapshotAsync(caller);
                continue;
            }

            ApplyInOrder(delta);
        }

        if (Changed is { } changed)
        {
            await changed();
        }
    }

    private void ApplyInOrder(LiveDelta delta)
    {
        Apply(delta);
        Sequence = delta.Sequence;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        OnDisposed();
        GC.SuppressFinalize(this);
    }

    protected virtual void OnDisposed()
    {
    }
}
