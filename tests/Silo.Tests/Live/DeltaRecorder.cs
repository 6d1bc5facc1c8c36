namespace Coordination.Silo.Tests.Live;

/// <summary>Collects a hub client's "Deltas" messages; a test awaits the delta it expects instead of sleeping.</summary>
public sealed class DeltaRecorder
{
    private readonly Lock _gate = new();
    private readonly List<RecordedDelta> _deltas = [];
    private TaskCompletionSource _arrived = NewSignal();

    /// <summary>Every delta received so far, in the order received.</summary>
    public IReadOnlyList<RecordedDelta> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _deltas];
            }
        }
    }

    public void Record(DeltasMessage message)
    {
        TaskCompletionSource arrived;
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _deltas.AddRange(message.Deltas.Select(delta => new RecordedDelta(message.Audience, delta) { ReceivedAt = now }));
            arrived = _arrived;
            _arrived = NewSignal();
        }

        arrived.TrySetResult();
    }

    public Task<RecordedDelta> WaitForAsync(string audience, string type, Guid concernId) =>
        WaitForAsync($"{type} of {concernId} for {audience}",
            delta => delta.Audience == audience && delta.Type == type && delta.ConcernId == concernId);

    /// <summary>The first delta (already received or still to come) that matches; fails after <see cref="HostFixture.Patience"/>.</summary>
    public async Task<RecordedDelta> WaitForAsync(string description, Func<RecordedDelta, bool> match)
    {
        using var patience = new CancellationTokenSource(HostFixture.Patience);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (_deltas.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                arrived = _arrived.Task;
            }

            try
            {
                await arrived.WaitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"No delta {description} within {HostFixture.Patience.TotalSeconds} s. Received: [{string.Join(", ", All)}]");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
