using Coordination.Grains.Live;
using Microsoft.AspNetCore.SignalR;

namespace Coordination.Silo.Tests.Live;

[Collection(HostCollection.Name)]
public sealed class SequenceAndCatchUpTests(HostFixture host)
{
    private static readonly string HotelAudience = Audiences.Organisation(Accounts.HotelOrganisation);

    [Fact]
    public async Task Snapshot_GivesEachOfTheCallersAudiencesItsSequence_AndDeltasContinueRightAfterIt()
    {
        await using var coordinator = await host.ConnectAsync(Accounts.Coordinator());
        await using var hotel = await host.ConnectAsync(Accounts.Hotel());

        var snapshots = await coordinator.GetSnapshotsAsync();
        Assert.Equal([Audiences.Coordinators, Audiences.Organisation(Accounts.SocialServices)], snapshots.Select(s => s.Audience));
        Assert.Equal(coordinator.Audiences, snapshots.Select(s => s.Audience));
        var board = snapshots[0];
        Assert.NotNull(board.Board);
        Assert.Null(board.Reports);
        Assert.Equal(board.Sequence, board.Board.Value.GetProperty("sequence").GetInt64());
        Assert.NotNull(snapshots[1].Reports);
        Assert.Null(snapshots[1].Board);
        var hotelBefore = await hotel.GetSnapshotAsync(HotelAudience);
        Assert.Equal(hotelBefore.Sequence, hotelBefore.Reports!.Value.GetProperty("sequence").GetInt64());

        var report = await host.ReportAsync(Accounts.Hotel());
        using (var http = await host.CreateClientAsync(Accounts.Coordinator()))
        using (var triaged = await http.PostAsync($"/api/concerns/{report.Id}/triage", null))
        {
            triaged.EnsureSuccessStatusCode();
        }

        var reported = await coordinator.Deltas.WaitForAsync(Audiences.Coordinators, "concern.reported", report.Id);
        var triage = await coordinator.Deltas.WaitForAsync(Audiences.Coordinators, "concern.triaged", report.Id);
        Assert.Equal(board.Sequence + 1, reported.Sequence);
        Assert.Equal(board.Sequence + 2, triage.Sequence);

        await hotel.Deltas.WaitForAsync("the hotel's second status", delta => delta.ConcernId == report.Id && delta.Sequence == hotelBefore.Sequence + 2);
        Assert.Equal(
            [(hotelBefore.Sequence + 1, "Received"), (hotelBefore.Sequence + 2, "BeingHandled")],
            hotel.Deltas.All.Where(d => d.ConcernId == report.Id).Select(d => (d.Sequence, d.Delta.Data.GetProperty("status").GetString())));

        var hotelAfter = await hotel.GetSnapshotAsync(HotelAudience);
        Assert.Equal(hotelBefore.Sequence + 2, hotelAfter.Sequence);
        var listed = hotelAfter.Reports!.Value.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == report.Id);
        Assert.Equal("BeingHandled", listed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reconnecting_CatchesUpExactlyTheMissedDeltas_InOrder_ThenContinuesLive()
    {
        await using var coordinator = await host.ConnectAsync(Accounts.Coordinator());
        var seen = await host.ReportAsync(Accounts.Hotel());
        var last = (await coordinator.Deltas.WaitForAsync(Audiences.Coordinators, "concern.reported", seen.Id)).Sequence;
        await coordinator.StopAsync();

        var missed = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            missed.Add((await host.ReportAsync(Accounts.Hotel())).Id);
        }

        await coordinator.StartAsync();
        var answer = await coordinator.CatchUpAsync(Audiences.Coordinators, last);

        Assert.Equal(Audiences.Coordinators, answer.Audience);
        Assert.False(answer.IsSnapshot);
        Assert.Null(answer.Snapshot);
        Assert.Equal([last + 1, last + 2, last + 3, last + 4, last + 5], answer.Deltas.Select(d => d.Sequence));
        Assert.Equal(missed, answer.Deltas.Select(RecordedDelta.ConcernIdOf));
        Assert.All(answer.Deltas, delta => Assert.Equal("concern.reported", delta.Type));

        var next = await host.ReportAsync(Accounts.Hotel());
        var live = await coordinator.Deltas.WaitForAsync(Audiences.Coordinators, "concern.reported", next.Id);
        Assert.Equal(last + 6, live.Sequence);
    }

    [Fact]
    public async Task Reconnecting_ExactlyAsFarBehindAsTheLimit_StillGetsTheDeltas()
    {
        await using var hotel = await host.ConnectAsync(Accounts.Hotel());
        var last = (await hotel.GetSnapshotAsync(HotelAudience)).Sequence;
        await hotel.StopAsync();

        var missed = new List<Guid>();
        for (var i = 0; i < HostFixture.CatchUpLimit; i++)
        {
            missed.Add((await host.ReportAsync(Accounts.HotelAdmin())).Id);
        }

        await hotel.StartAsync();
        var answer = await hotel.CatchUpAsync(HotelAudience, last);

        Assert.False(answer.IsSnapshot);
        Assert.Equal(Enumerable.Range(1, HostFixture.CatchUpLimit).Select(i => last + i), answer.Deltas.Select(d => d.Sequence));
        Assert.Equal(missed, answer.Deltas.Select(RecordedDelta.ConcernIdOf));
    }

    [Fact]
    public async Task Reconnecting_FurtherBehindThanTheLimit_GetsASnapshotInstead()
    {
        await using var coordinator = await host.ConnectAsync(Accounts.Coordinator());
        var last = (await coordinator.GetSnapshotAsync(Audiences.Coordinators)).Sequence;
        await coordinator.StopAsync();

        var missed = new List<Guid>();
        for (var i = 0; i < HostFixture.CatchUpLimit + 3; i++)
        {
            missed.Add((await host.ReportAsync(Accounts.Hotel())).Id);
        }

        await coordinator.StartAsync();
        var answer = await coordinator.CatchUpAsync(Audiences.Coordinators, last);

        Assert.True(answer.IsSnapshot);
        Assert.Empty(answer.Deltas);
        Assert.NotNull(answer.Snapshot);
        Assert.Equal(Audiences.Coordinators, answer.Snapshot.Audience);
        Assert.Equal(last + missed.Count, answer.Snapshot.Sequence);
        var open = answer.Snapshot.Board!.Value.GetProperty("openConcerns").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToHashSet();
        Assert.Subset(open, missed.ToHashSet());
    }

    [Theory]
    [InlineData(Audiences.Coordinators)]
    [InlineData("organisation/taxi-fiktiva")]
    [InlineData("organisation/")]
    public async Task Partner_CannotCatchUpOnAnAudienceItDoesNotFollow(string audience)
    {
        await using var hotel = await host.ConnectAsync(Accounts.Hotel());

        var refusal = await Assert.ThrowsAsync<HubException>(() => hotel.CatchUpAsync(audience, 0));

        Assert.Contains("may not follow", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatchUp_FromANegativeSequence_IsRefused()
    {
        await using var hotel = await host.ConnectAsync(Accounts.Hotel());

        await Assert.ThrowsAsync<HubException>(() => hotel.CatchUpAsync(HotelAudience, -1));
    }
}
