using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Grains.Concerns;
using Coordination.Silo.Identity;
using Coordination.Silo.Tests.Identity;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Tests.Api;

[Collection(HostCollection.Name)]
public sealed class AccessTests(HostFixture host)
{
    public static TheoryData<string, string> ProtectedEndpoints => Endpoints.Protected;

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task WithoutSignIn_EveryEndpointAnswers401_NeverARedirect(string method, string path)
    {
        using var client = host.CreateClient();
        using var request = Endpoints.Request(method, path, Guid.NewGuid(), Guid.NewGuid());
        // Asked the way a browser asks, where a cookie scheme would redirect to its sign-in page.
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task WithAForgedToken_EveryEndpointAnswers401(string method, string path)
    {
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "CfDJ8-not-a-token-this-host-issued");
        using var request = Endpoints.Request(method, path, Guid.NewGuid(), Guid.NewGuid());

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ABearerToken_WorksRequestAfterRequest_WhileTheSameTokenTamperedAnswers401()
    {
        var token = await host.TokenAsync(Accounts.Coordinator());
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await GetBoardAsync(client, token));
        Assert.Equal(HttpStatusCode.OK, await GetBoardAsync(client, token));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetBoardAsync(client, CachingTicketProtectorTests.Tamper(token)));
        Assert.Equal(HttpStatusCode.OK, await GetBoardAsync(client, token));
    }

    [Fact]
    public void BearerTokens_AreReadThroughTheTicketCache_RefreshTokensAreNot()
    {
        var bearer = host.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);

        Assert.IsType<CachingTicketProtector>(bearer.BearerTokenProtector);
        Assert.IsNotType<CachingTicketProtector>(bearer.RefreshTokenProtector);
    }

    public static TheoryData<string, string, string> WrongRoles => new()
    {
        { Accounts.Hotel(), "GET", "/api/board" },
        { Accounts.SocialWorker(), "GET", "/api/board" },
        { Accounts.Administrator(), "GET", "/api/board" },
        { Accounts.Hotel(), "GET", "/api/concerns/{id}" },
        { Accounts.Hotel(), "POST", "/api/concerns/{id}/urgency" },
        { Accounts.Hotel(), "POST", "/api/concerns/{id}/triage" },
        { Accounts.Hotel(), "POST", "/api/concerns/{id}/merge" },
        { Accounts.Hotel(), "POST", "/api/concerns/{id}/close-unfounded" },
        { Accounts.SocialWorker(), "POST", "/api/concerns/{id}/triage" },
        { Accounts.Administrator(), "GET", "/api/concerns/form" },
        { Accounts.Administrator(), "POST", "/api/concerns" },
        { Accounts.Administrator(), "GET", "/api/concerns/mine" },
        { Accounts.Hotel(), "POST", "/api/concerns/{id}/assign" },
        { Accounts.SocialWorker(), "POST", "/api/concerns/{id}/assign" },
        { Accounts.Hotel(), "POST", "/api/concerns/{id}/accept" },
        { Accounts.Coordinator(), "POST", "/api/concerns/{id}/accept" },
        { Accounts.Hotel(), "POST", "/api/concerns/{id}/decline" },
        { Accounts.Hotel(), "POST", "/api/concerns/{id}/contact" },
        { Accounts.Hotel(), "POST", "/api/concerns/{id}/notes" },
        { Accounts.Hotel(), "POST", "/api/concerns/{id}/close" },
        // A worker reads and handles only what is assigned to them; this concern is assigned to no one.
        { Accounts.SocialWorker(), "GET", "/api/concerns/{id}" },
        { Accounts.SocialWorker(), "POST", "/api/concerns/{id}/accept" },
        { Accounts.SocialWorker(), "POST", "/api/concerns/{id}/notes" },
        { Accounts.SocialWorker(), "POST", "/api/concerns/{id}/close" },
        { Accounts.Hotel(), "GET", "/api/oncall" },
        { Accounts.Hotel(), "PUT", "/api/oncall/roster" },
        { Accounts.SocialWorker(), "PUT", "/api/oncall/roster" },
        { Accounts.Hotel(), "PUT", "/api/oncall/availability" },
        { Accounts.Coordinator(), "GET", "/api/me/assignments" },
    };

    [Theory]
    [MemberData(nameof(WrongRoles))]
    public async Task WrongRole_Answers403_AndChangesNothing(string email, string method, string path)
    {
        var concern = await host.ReportAsync(Accounts.Hotel());
        var other = await host.ReportAsync(Accounts.Hotel());
        using var client = await host.CreateClientAsync(email);
        using var request = Endpoints.Request(method, path, concern.Id, other.Id);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Headers.Location);
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        var details = await coordinator.GetFromJsonAsync<ConcernDetails>($"/api/concerns/{concern.Id}", HostFixture.Json);
        Assert.Equal(ConcernStatus.Reported, details!.Summary.Status);
        Assert.Equal(Urgency.Normal, details.Summary.Urgency);
        Assert.Equal(["concern.reported", "concern.details-viewed"], details.Timeline.Select(entry => entry.Type));
    }

    [Fact]
    public async Task Administrator_ReportsNothing_EvenWhenAsked()
    {
        using var administrator = await host.CreateClientAsync(Accounts.Administrator());
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        var before = (await coordinator.GetFromJsonAsync<JsonElement>("/api/board")).GetProperty("sequence").GetInt64();

        using var response = await administrator.PostAsJsonAsync("/api/concerns", Reports.FromHotel(), HostFixture.Json);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var after = (await coordinator.GetFromJsonAsync<JsonElement>("/api/board")).GetProperty("sequence").GetInt64();
        Assert.Equal(before, after);
    }

    private static async Task<HttpStatusCode> GetBoardAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/board");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
