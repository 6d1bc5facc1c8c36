using System.Text.Json;
using Coordination.Grains.OnCall;
using Coordination.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Coordination.Grains.Tests.OnCall;

/// <summary>A roster travels between grains (Orleans) and is stored as JSON: both must give it back unchanged.</summary>
public sealed class RosterSerializationTests
{
    private static readonly Roster Sample = new(
        [
            new RotationLayer("day", "Dagjour", ["anna", "bo"], new DateOnly(2026, 3, 2), new TimeOnly(8, 0), 7, null, null),
            new RotationLayer("night", "Nattjour", ["david"], new DateOnly(2026, 3, 2), new TimeOnly(16, 0), 1, new TimeOnly(16, 0), new TimeOnly(8, 0)),
        ],
        [new RosterOverride("o1", "day", "henrik", new DateTime(2026, 3, 29, 2, 30, 0), new DateTime(2026, 3, 30, 8, 0, 0), "Sjuk")],
        [new RosterSwap("s1", "night", "david", "eva", new DateTime(2026, 10, 25, 2, 30, 0), new DateTime(2026, 10, 26, 8, 0, 0))]);

    [Fact]
    public void Roster_RoundTripsThroughStoredJson_KeepingLocalTimesLocal()
    {
        var json = JsonSerializer.Serialize(Sample, StoreJson.Options);

        var copy = JsonSerializer.Deserialize<Roster>(json, StoreJson.Options)!;

        Assert.Equal(json, JsonSerializer.Serialize(copy, StoreJson.Options));
        Assert.Equal(new DateTime(2026, 3, 29, 2, 30, 0), copy.Overrides[0].From);
        Assert.Equal(DateTimeKind.Unspecified, copy.Overrides[0].From.Kind);
        Assert.Equal(new TimeOnly(8, 0), copy.Layers[1].DailyTo);
    }

    [Fact]
    public void Roster_Shifts_AndCandidates_RoundTripThroughTheOrleansSerializer()
    {
        using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(Roster).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var shift = new Shift("day", "anna", new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 9, 7, 0, 0, TimeSpan.Zero));
        var candidate = new WorkerCandidate("anna", true, WorkerAvailability.Busy, 2, null);

        var copy = serializer.Deserialize<Roster>(serializer.SerializeToArray(Sample));

        Assert.Equal(JsonSerializer.Serialize(Sample, StoreJson.Options), JsonSerializer.Serialize(copy, StoreJson.Options));
        Assert.Equal(shift, serializer.Deserialize<Shift>(serializer.SerializeToArray(shift)));
        Assert.Equal(candidate, serializer.Deserialize<WorkerCandidate>(serializer.SerializeToArray(candidate)));
    }
}
