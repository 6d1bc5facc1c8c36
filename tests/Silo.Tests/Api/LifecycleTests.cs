using System.Net;
using System.Net.Http.Json;
using Coordination.Grains.Concerns;
using Coordination.Silo.Apis;

namespace Coordination.Silo.Tests.Api;

[Collection(HostCollection.Name)]
public sealed class LifecycleTests(HostFixture host)
{
    public static TheoryData<string, string> ConcernRoutes => new()
    {
        { "GET", "/api/concerns/{id}/status" },
        { "GET", "/api/concerns/{id}" },
        { "POST", "/api/concerns/{id}/urgency" },
        { "POST", "/api/concerns/{id}/triage" },
        { "POST", "/api/concerns/{id}/merge" },
        { "POST", "/api/concerns/{id}/close-unfounded" },
    };

    [Theory]
    [MemberData(nameof(ConcernRoutes))]
    public async Task UnknownConcern_Answers404(string method, string path)
    {
        var existing = await host.ReportAsync(Accounts.Hotel());
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        using var request = Endpoints.Request(method, path, Guid.NewGuid(), existing.Id);

        using var response = await coordinator.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Partner_AskingAboutAnotherOrganisationsReport_HearsNotFound_AsIfItDidNotExist()
    {
        var hotelReport = await host.ReportAsync(Accounts.Hotel());
        using var taxi = await host.CreateClientAsync(Accounts.Taxi());

        using var foreign = await taxi.GetAsync($"/api/concerns/{hotelReport.Id}/status");
        using var unknown = await taxi.GetAsync($"/api/concerns/{Guid.NewGuid()}/status");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(unknown.StatusCode, foreign.StatusCode);
        Assert.Equal(
            (await unknown.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Title,
            (await foreign.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Title);
    }

    [Fact]
    public async Task Reporter_FollowsTheirReportFromReceivedToClosed_AndIllegalStepsAnswer409()
    {
        var report = await host.ReportAsync(Accounts.Hotel());
        using var hotel = await host.CreateClientAsync(Accounts.Hotel());
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        Assert.Equal(PublicStatus.Received, report.Status);
        Assert.Contains(report.Id, (await hotel.GetFromJsonAsync<Grains.Partners.OrganisationReports>("/api/concerns/mine", HostFixture.Json))!.Reports.Select(r => r.Id));

        // The demo roster always has workers on shift: triage assigns at once.
        ConcernSummary summary;
        using (var triaged = await coordinator.PostAsync($"/api/concerns/{report.Id}/triage", null))
        {
            summary = (await triaged.Content.ReadFromJsonAsync<ConcernSummary>(HostFixture.Json))!;
        }

        Assert.Equal(ConcernStatus.Assigned, summary.Status);
        Assert.Equal(PublicStatus.BeingHandled, (await StatusAsync(hotel, report.Id)).Status);
        using var worker = await host.CreateClientAsync(await WorkerEmailAsync(summary.AssignedTo!));
        using (var accepted = await worker.PostAsJsonAsync($"/api/concerns/{report.Id}/accept", new RevisionRequest(summary.Revision), HostFixture.Json))
        {
            Assert.Equal(ConcernStatus.Accepted, (await accepted.Content.ReadFromJsonAsync<ConcernSummary>(HostFixture.Json))!.Status);
        }

        using (var contact = await worker.PostAsJsonAsync($"/api/concerns/{report.Id}/contact", new ContactRequest(true, "Met at the reception."), HostFixture.Json))
        {
            Assert.Equal(ConcernStatus.InProgress, (await contact.Content.ReadFromJsonAsync<ConcernSummary>(HostFixture.Json))!.Status);
        }

        Assert.Equal(PublicStatus.BeingHandled, (await StatusAsync(hotel, report.Id)).Status);
        using (var closed = await worker.PostAsJsonAsync($"/api/concerns/{report.Id}/close", new ClosureRequest("SupportAccepted", null, null), HostFixture.Json))
        {
            Assert.Equal(ConcernStatus.Closed, (await closed.Content.ReadFromJsonAsync<ConcernSummary>(HostFixture.Json))!.Status);
        }

        Assert.Equal(PublicStatus.Closed, (await StatusAsync(hotel, report.Id)).Status);
        foreach (var (client, action, body) in new (HttpClient, string, object?)[]
        {
            (coordinator, "triage", null),
            (coordinator, "urgency", new UrgencyRequest("ImmediateDanger")),
            (coordinator, "close-unfounded", new CloseRequest(null)),
            (coordinator, "merge", new MergeRequest((await host.ReportAsync(Accounts.Hotel())).Id)),
            (coordinator, "assign", new AssignRequest(null, null)),
            (worker, "accept", new RevisionRequest(null)),
            (worker, "notes", new NoteRequest("One more thing.")),
        })
        {
            using var refused = await client.PostAsync($"/api/concerns/{report.Id}/{action}",
                body is null ? null : JsonContent.Create(body, body.GetType(), options: HostFixture.Json));
            Assert.True(refused.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden, $"{action}: {refused.StatusCode}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        var details = await coordinator.GetFromJsonAsync<ConcernDetails>($"/api/concerns/{report.Id}", HostFixture.Json);
        Assert.Equal(ClosureOutcome.SupportAccepted, details!.Outcome);
        Assert.Equal(
            ["concern.reported", "concern.triaged", "concern.assigned", "concern.accepted", "concern.contact-attempted", "concern.closed"],
            details.Timeline.Select(e => e.Type).Where(t => t != "concern.details-viewed"));
        Assert.Contains(details.Timeline, e => e.Type == "concern.contact-attempted" && e.Note == "Met at the reception.");
    }

    /// <summary>The demo worker account with this user id.</summary>
    private async Task<string> WorkerEmailAsync(string userId)
    {
        for (var number = 1; number <= 3; number++)
        {
            using var client = await host.CreateClientAsync(Accounts.Worker(number));
            if ((await client.GetFromJsonAsync<BoardApi.Me>("/api/me", HostFixture.Json))!.UserId == userId)
            {
                return Accounts.Worker(number);
            }
        }

        throw new InvalidOperationException($"No demo worker has the id {userId}.");
    }

    [Fact]
    public async Task MergingADuplicate_ClosesIt_AndTheSurvivorKeepsTheLink()
    {
        var survivor = await host.ReportAsync(Accounts.Hotel());
        var duplicate = await host.ReportAsync(Accounts.HotelAdmin());
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());

        using var merged = await coordinator.PostAsJsonAsync($"/api/concerns/{duplicate.Id}/merge", new MergeRequest(survivor.Id), HostFixture.Json);

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        Assert.Equal(ConcernStatus.Closed, (await merged.Content.ReadFromJsonAsync<ConcernSummary>(HostFixture.Json))!.Status);
        var closed = await coordinator.GetFromJsonAsync<ConcernDetails>($"/api/concerns/{duplicate.Id}", HostFixture.Json);
        Assert.Equal(ClosureOutcome.MergedAsDuplicate, closed!.Outcome);
        Assert.Equal(survivor.Id, closed.MergedInto);
        var kept = await coordinator.GetFromJsonAsync<ConcernDetails>($"/api/concerns/{survivor.Id}", HostFixture.Json);
        Assert.Equal([duplicate.Id], kept!.Duplicates);
        Assert.Equal(ConcernStatus.Reported, kept.Summary.Status);
        using var hotel = await host.CreateClientAsync(Accounts.Hotel());
        Assert.Equal(PublicStatus.Closed, (await StatusAsync(hotel, duplicate.Id)).Status);
    }

    [Fact]
    public async Task CoordinatorConfirmingUrgency_IsShownOnTheConcern()
    {
        var report = await host.ReportAsync(Accounts.Hotel());
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());

        using var confirmed = await coordinator.PostAsJsonAsync($"/api/concerns/{report.Id}/urgency", new UrgencyRequest("ImmediateDanger"), HostFixture.Json);

        Assert.Equal(Urgency.ImmediateDanger, (await confirmed.Content.ReadFromJsonAsync<ConcernSummary>(HostFixture.Json))!.Urgency);
        var details = await coordinator.GetFromJsonAsync<ConcernDetails>($"/api/concerns/{report.Id}", HostFixture.Json);
        Assert.Equal("ImmediateDanger", details!.Timeline.Single(e => e.Type == "concern.urgency-confirmed").Detail);
    }

    private static async Task<ReportStatus> StatusAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<ReportStatus>($"/api/concerns/{id}/status", HostFixture.Json))!;
}
