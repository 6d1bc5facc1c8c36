using System.Collections.Concurrent;
using Coordination.Grains.Storage;

namespace Coordination.Storage.Tests;

[GenerateSerializer, Alias("storage-tests.probe-state")]
public sealed class ProbeState
{
    [Id(0)] public string? Value { get; set; }

    [Id(1)] public int Writes { get; set; }
}

[Alias("storage-tests.IProbeGrain")]
public interface IProbeGrain : IGrainWithStringKey
{
    Task<ProbeState> Read();

    Task Write(string value);

    Task Clear();

    Task Deactivate();
}

/// <summary>A grain with state in the coordination grain storage, under the state name "probe".</summary>
public sealed class ProbeGrain([PersistentState("probe", StorageNames.Grains)] IPersistentState<ProbeState> state) : Grain, IProbeGrain
{
    public Task<ProbeState> Read() => Task.FromResult(state.State);

    public async Task Write(string value)
    {
        state.State.Value = value;
        state.State.Writes++;
        await state.WriteStateAsync();
    }

    public Task Clear() => state.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

[Alias("storage-tests.IOtherProbeGrain")]
public interface IOtherProbeGrain : IGrainWithStringKey
{
    Task<ProbeState> Read();

    Task Write(string value);

    Task Deactivate();
}

/// <summary>Another grain type with the same key shape and state class, under its own state name.</summary>
public sealed class OtherProbeGrain([PersistentState("other-probe", StorageNames.Grains)] IPersistentState<ProbeState> state) : Grain, IOtherProbeGrain
{
    public Task<ProbeState> Read() => Task.FromResult(state.State);

    public async Task Write(string value)
    {
        state.State.Value = value;
        state.State.Writes++;
        await state.WriteStateAsync();
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

[Alias("storage-tests.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Start(string reminder, TimeSpan due, TimeSpan period);

    Task Stop(string reminder);
}

/// <summary>Counts the ticks of its reminders in a process-wide table (ticks outlive activations).</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public static ConcurrentDictionary<string, int> Ticks { get; } = new();

    public async Task Start(string reminder, TimeSpan due, TimeSpan period) =>
        await this.RegisterOrUpdateReminder(reminder, due, period);

    public async Task Stop(string reminder)
    {
        if (await this.GetReminder(reminder) is { } registered)
        {
            await this.UnregisterReminder(registered);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.AddOrUpdate($"{this.GetPrimaryKeyString()}/{reminderName}", 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }
}
