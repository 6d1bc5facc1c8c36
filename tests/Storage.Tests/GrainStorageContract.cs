using Orleans.Storage;

namespace Coordination.Storage.Tests;

/// <summary>
/// The Orleans grain storage contract, through the real ADO.NET provider the host configures
/// (AddCoordinationGrainStorage), on each database provider.
/// </summary>
public abstract class GrainStorageContract<TSuite>(TSuite suite) : IClassFixture<TSuite>
    where TSuite : StorageSuite
{
    public static TheoryData<string> KeyKinds => ["string", "guid", "integer", "guid+extension", "integer+extension"];

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public async Task WriteReadClear_RoundTripsWithVersions(string keyKind)
    {
        var storage = await suite.GrainStorageAsync();
        var id = NewGrainId(keyKind);

        var fresh = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("probe", id, fresh);
        Assert.False(fresh.RecordExists);
        Assert.Null(fresh.ETag);
        Assert.Null(fresh.State!.Value);

        var state = new GrainState<ProbeState>(new ProbeState { Value = "first", Writes = 1 });
        await storage.WriteStateAsync("probe", id, state);
        Assert.Equal("1", state.ETag);
        Assert.True(state.RecordExists);

        var read = await ReadAsync(storage, "probe", id);
        Assert.Equal(("first", 1, "1", true), (read.State!.Value, read.State!.Writes, read.ETag, read.RecordExists));

        read.State!.Value = "second";
        await storage.WriteStateAsync("probe", id, read);
        Assert.Equal("2", read.ETag);
        Assert.Equal("second", (await ReadAsync(storage, "probe", id)).State!.Value);

        await storage.ClearStateAsync("probe", id, read);
        Assert.Equal("3", read.ETag);
        Assert.False(read.RecordExists);
        var cleared = await ReadAsync(storage, "probe", id);
        Assert.Equal(((string?)null, "3", false), (cleared.State!.Value, cleared.ETag, cleared.RecordExists));

        // A cleared state is written again from its version.
        cleared.State!.Value = "third";
        await storage.WriteStateAsync("probe", id, cleared);
        Assert.Equal("4", cleared.ETag);
        Assert.Equal("third", (await ReadAsync(storage, "probe", id)).State!.Value);
    }

    [Fact]
    public async Task StaleWrites_AndStaleClears_AreRejected()
    {
        var storage = await suite.GrainStorageAsync();
        var id = NewGrainId("string");
        await storage.WriteStateAsync("probe", id, new GrainState<ProbeState>(new ProbeState { Value = "v1" }));

        var first = await ReadAsync(storage, "probe", id);
        var second = await ReadAsync(storage, "probe", id);
        first.State!.Value = "from first";
        await storage.WriteStateAsync("probe", id, first);

        second.State!.Value = "from second";
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", id, second));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("probe", id, second));

        // A writer that never read (no version) may not overwrite an existing state, nor may an invented version.
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("probe", id, new GrainState<ProbeState>(new ProbeState { Value = "blind" })));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("probe", id, new GrainState<ProbeState>(new ProbeState { Value = "invented" }, "99")));

        var stored = await ReadAsync(storage, "probe", id);
        Assert.Equal(("from first", "2"), (stored.State!.Value, stored.ETag));
    }

    [Fact]
    public async Task ConcurrentFirstWrites_OneWins()
    {
        var storage = await suite.GrainStorageAsync();
        var id = NewGrainId("guid");
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await storage.WriteStateAsync("probe", id, new GrainState<ProbeState>(new ProbeState { Value = $"writer {i}" }));
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Equal(1, attempts.Count(won => won));
        Assert.Equal("1", (await ReadAsync(storage, "probe", id)).ETag);
    }

    [Fact]
    public async Task TwoStateNames_WithTheSameKey_AreKeptApart()
    {
        var storage = await suite.GrainStorageAsync();
        var id = NewGrainId("string");
        await storage.WriteStateAsync("concern", id, new GrainState<ProbeState>(new ProbeState { Value = "concern state" }));
        await storage.WriteStateAsync("partner", id, new GrainState<ProbeState>(new ProbeState { Value = "partner state" }));

        Assert.Equal("concern state", (await ReadAsync(storage, "concern", id)).State!.Value);
        var partner = await ReadAsync(storage, "partner", id);
        Assert.Equal(("partner state", "1"), (partner.State!.Value, partner.ETag));

        await storage.ClearStateAsync("partner", id, partner);
        Assert.Equal("concern state", (await ReadAsync(storage, "concern", id)).State!.Value);
        Assert.Null((await ReadAsync(storage, "partner", id)).State!.Value);
    }

    [Fact]
    public async Task Grains_KeepTheirStateAcrossActivations_AndTwoGrainTypesWithOneKeyStayApart()
    {
        var grains = await suite.GrainsAsync();
        var key = $"helsingborg/{Guid.NewGuid():N}";
        var probe = grains.GetGrain<IProbeGrain>(key);
        var other = grains.GetGrain<IOtherProbeGrain>(key);
        await probe.Write("probe value");
        await probe.Write("probe value 2");
        await other.Write("other value");

        await probe.Deactivate();
        await other.Deactivate();
        await WaitUntilDeactivatedAsync();

        var probeState = await probe.Read();
        Assert.Equal(("probe value 2", 2), (probeState.Value, probeState.Writes));
        Assert.Equal(("other value", 1), ((await other.Read()).Value, (await other.Read()).Writes));

        await probe.Clear();
        await probe.Deactivate();
        await WaitUntilDeactivatedAsync();
        Assert.Null((await probe.Read()).Value);
        Assert.Equal("other value", (await other.Read()).Value);
    }

    private static Task WaitUntilDeactivatedAsync() => Task.Delay(TimeSpan.FromMilliseconds(300));

    private static async Task<GrainState<ProbeState>> ReadAsync(IGrainStorage storage, string stateName, GrainId id)
    {
        var state = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync(stateName, id, state);
        return state;
    }

    private static GrainId NewGrainId(string keyKind)
    {
        var type = GrainType.Create("storagetests.probe");
        var number = Random.Shared.NextInt64(long.MinValue, long.MaxValue);
        return keyKind switch
        {
            "string" => GrainId.Create(type, IdSpan.Create($"helsingborg/{Guid.NewGuid():N}")),
            "guid" => GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())),
            "integer" => GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(number)),
            "guid+extension" => GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid(), "extension")),
            "integer+extension" => GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(number, "extension")),
            _ => throw new ArgumentOutOfRangeException(nameof(keyKind)),
        };
    }
}

public sealed class SqliteGrainStorageContract(SqliteSuite suite) : GrainStorageContract<SqliteSuite>(suite);

public sealed class PostgreSqlGrainStorageContract(PostgresSuite suite) : GrainStorageContract<PostgresSuite>(suite);
