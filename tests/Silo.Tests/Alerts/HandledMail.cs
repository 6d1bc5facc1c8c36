using System.Collections.Concurrent;
using Coordination.Grains.Alerts;
using Coordination.Silo.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Silo.Tests.Alerts;

/// <summary>Awaits the host's mail queue having handled an alert's e-mail (it may already have, before the test knew the alert's id).</summary>
public sealed class HandledMail : IDisposable
{
    private readonly AlertMailQueue _queue;
    private readonly ConcurrentDictionary<(Guid, AlertMailReason), TaskCompletionSource<int>> _handled = new();

    public HandledMail(IServiceProvider services)
    {
        _queue = services.GetRequiredService<AlertMailQueue>();
        _queue.Handled += OnHandled;
    }

    /// <summary>How many contact persons the queue e-mailed about the alert.</summary>
    public Task<int> WaitAsync(Guid alertId, AlertMailReason reason) => Signal(alertId, reason).Task.WaitAsync(HostFixture.Patience);

    public void Dispose() => _queue.Handled -= OnHandled;

    private void OnHandled(Guid alertId, AlertMailReason reason, int count) => Signal(alertId, reason).TrySetResult(count);

    private TaskCompletionSource<int> Signal(Guid alertId, AlertMailReason reason) =>
        _handled.GetOrAdd((alertId, reason), _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
}
