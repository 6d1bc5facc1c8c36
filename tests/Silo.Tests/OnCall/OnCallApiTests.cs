using System.Net;
using System.Net.Http.Json;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.OnCall;
using Coordination.Silo.Apis;

namespace Coordination.Silo.Tests.OnCall;

[Collection(HostCollection.Name)]
public sealed class OnCallApiTests(HostFixture host)
{
    [Fact]
    public async Task CoordinatorSeesTheRosterWhoIsOnShiftNowAndEveryWorker()
    {
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());

        var picture = await coordinator.GetFromJsonAsync<OnCallApi.OnCallPicture>("/api/oncall", HostFixture.Json);

        Assert.Equal(["Primärjour", "Bakjour"], picture!.OnCall.Roster.Layers.Select(l => l.Name));
        Assert.Equal(3, picture.OnCall.Workers.Count);
        Assert.Equal(2, picture.OnShiftNow.Select(s => s.WorkerId).Distinct().Count());
        Assert.All(picture.OnShiftNow, s => Assert.Contains(picture.OnCall.Workers, w => w.WorkerId == s.WorkerId));
    }

    [Fact]
    public async Task ARosterSavedOverAnotherChangeOrWithABadLayerIsRefusedAndNothingChanges()
    {
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        var before = (await coordinator.GetFromJsonAsync<OnCallApi.OnCallPicture>("/api/oncall", HostFixture.Json))!.OnCall;
        var broken = before.Roster with { Layers = [before.Roster.Layers[0] with { TurnLengthDays = 0 }, .. before.Roster.Layers.Skip(1)] };

        using var stale = await coordinator.PutAsJsonAsync("/api/oncall/roster", new OnCallApi.RosterRequest(before.Revision - 1, before.Roster), HostFixture.Json);
        using var invalid = await coordinator.PutAsJsonAsync("/api/oncall/roster", new OnCallApi.RosterRequest(before.Revision, broken), HostFixture.Json);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        Assert.Contains("layers[0].turnLengthDays", problem!.Errors.Keys);
        var after = (await coordinator.GetFromJsonAsync<OnCallApi.OnCallPicture>("/api/oncall", HostFixture.Json))!.OnCall;
        Assert.Equal(before.Revision, after.Revision);
    }

    [Fact]
    public async Task AWorkerSettingTheirAvailabilityShowsOnTheCoordinatorsBoardLive()
    {
        await using var board = await host.ConnectAsync(Accounts.Coordinator());
        using var worker = await host.CreateClientAsync(Accounts.Worker(3));
        var me = await MeAsync(worker);
        try
        {
            using var busy = await worker.PutAsJsonAsync("/api/oncall/availability", new OnCallApi.AvailabilityRequest(null, "Busy"), HostFixture.Json);
            using var forOther = await worker.PutAsJsonAsync(
                "/api/oncall/availability", new OnCallApi.AvailabilityRequest(await IdOfAsync(Accounts.Worker(1)), "Off"), HostFixture.Json);
            using var nonsense = await worker.PutAsJsonAsync("/api/oncall/availability", new OnCallApi.AvailabilityRequest(null, "Asleep"), HostFixture.Json);

            Assert.Equal(HttpStatusCode.OK, busy.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, nonsense.StatusCode);
            await board.Deltas.WaitForAsync("the worker busy on the board", delta =>
                delta.Audience == Audiences.Coordinators && delta.Type == "oncall.availability-changed"
                && delta.Delta.Data.GetProperty("workers").EnumerateArray().Any(w =>
                    w.GetProperty("workerId").GetString() == me && w.GetProperty("availability").GetString() == "Busy"));
        }
        finally
        {
            using var back = await worker.PutAsJsonAsync("/api/oncall/availability", new OnCallApi.AvailabilityRequest(null, "Available"), HostFixture.Json);
            back.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task AssignedWorkerGetsTheConcernLiveAndLosesItLiveWhenReassigned()
    {
        var (firstId, secondId) = (await IdOfAsync(Accounts.Worker(1)), await IdOfAsync(Accounts.Worker(2)));
        await using var first = await host.ConnectAsync(Accounts.Worker(1));
        await using var second = await host.ConnectAsync(Accounts.Worker(2));
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        using var firstClient = await host.CreateClientAsync(Accounts.Worker(1));
        var report = await host.ReportAsync(Accounts.Hotel());
        (await coordinator.PostAsync($"/api/concerns/{report.Id}/triage", null)).Dispose();

        // Triage may have given it to the first worker already.
        await PostAsync<ConcernSummary>(coordinator, $"/api/concerns/{report.Id}/assign", new AssignRequest(firstId, null), expectOrConflict: true);
        var offered = await first.Deltas.WaitForAsync(Audiences.Worker(firstId), "assignment.assigned", report.Id);
        Assert.Equal("Assigned", offered.Delta.Data.GetProperty("concern").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await firstClient.GetAsync($"/api/concerns/{report.Id}")).StatusCode);

        var revision = (await coordinator.GetFromJsonAsync<ConcernDetails>($"/api/concerns/{report.Id}", HostFixture.Json))!.Summary.Revision;
        await PostAsync<ConcernSummary>(coordinator, $"/api/concerns/{report.Id}/assign", new AssignRequest(secondId, revision));

        await first.Deltas.WaitForAsync(Audiences.Worker(firstId), "assignment.revoked", report.Id);
        await second.Deltas.WaitForAsync(Audiences.Worker(secondId), "assignment.assigned", report.Id);
        using var denied = await firstClient.GetAsync($"/api/concerns/{report.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task DecliningWithoutAReasonIsRefusedNamingTheField()
    {
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        var report = await host.ReportAsync(Accounts.Hotel());
        (await coordinator.PostAsync($"/api/concerns/{report.Id}/triage", null)).Dispose();
        var workerId = await IdOfAsync(Accounts.Worker(1));
        var summary = (await coordinator.GetFromJsonAsync<ConcernDetails>($"/api/concerns/{report.Id}", HostFixture.Json))!.Summary;
        if (summary.AssignedTo != workerId)
        {
            await PostAsync<ConcernSummary>(coordinator, $"/api/concerns/{report.Id}/assign", new AssignRequest(workerId, null));
        }

        using var worker = await host.CreateClientAsync(Accounts.Worker(1));
        using var declined = await worker.PostAsJsonAsync($"/api/concerns/{report.Id}/decline", new DeclineRequest("  ", null), HostFixture.Json);

        Assert.Equal(HttpStatusCode.BadRequest, declined.StatusCode);
        var problem = await declined.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        Assert.Contains("reason", problem!.Errors.Keys);
        var mine = await worker.GetFromJsonAsync<WorkerAssignments>("/api/me/assignments", HostFixture.Json);
        Assert.Contains(mine!.Concerns, c => c.Id == report.Id && c.Status == ConcernStatus.Assigned);
    }

    private async Task<string> IdOfAsync(string email)
    {
        using var client = await host.CreateClientAsync(email);
        return await MeAsync(client);
    }

    private static async Task<string> MeAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<BoardApi.Me>("/api/me", HostFixture.Json))!.UserId;

    /// <summary>Posts and reads the answer; with <paramref name="expectOrConflict"/> a 409 (already assigned to that worker) is fine too.</summary>
    private static async Task<T?> PostAsync<T>(HttpClient client, string path, object body, bool expectOrConflict = false)
    {
        using var response = await client.PostAsync(path, JsonContent.Create(body, body.GetType(), options: HostFixture.Json));
        if (expectOrConflict && response.StatusCode == HttpStatusCode.Conflict)
        {
            return default;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(HostFixture.Json);
    }
}
