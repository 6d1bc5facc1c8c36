using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Silo.Apis;
using Coordination.Silo.Demo;

namespace Coordination.Silo.Tests.Api;

[Collection(HostCollection.Name)]
public sealed class AccountAndPlatformTests(HostFixture host)
{
    [Fact]
    public async Task Token_OpensTheApi_AsTheAccountItWasIssuedFor()
    {
        using var hotel = await host.CreateClientAsync(Accounts.Hotel());

        var me = await hotel.GetFromJsonAsync<BoardApi.Me>("/api/me");

        Assert.Equal(Accounts.Tenant, me!.Tenant);
        Assert.Equal(Accounts.HotelOrganisation, me.OrganisationId);
        Assert.Equal(["PartnerMember"], me.Roles);
        Assert.Equal([$"organisation/{Accounts.HotelOrganisation}"], me.Audiences);
        Assert.Equal("Hanna Receptionsson", me.DisplayName);
    }

    [Fact]
    public async Task WrongPassword_Answers401_AndAnUnknownAccountTheSame()
    {
        using var client = host.CreateClient();

        using var wrong = await client.PostAsJsonAsync("/api/auth/token", new TokenRequest(Accounts.Police(), "Not-the-password-1"));
        using var unknown = await client.PostAsJsonAsync("/api/auth/token", new TokenRequest("nobody@helsingborg.demo.example", DemoData.Password));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var wrongProblem = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        var unknownProblem = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(unknownProblem.GetProperty("detail").GetString(), wrongProblem.GetProperty("detail").GetString());
        Assert.False(wrongProblem.TryGetProperty("accessToken", out _));
    }

    [Fact]
    public async Task OpenApiDocument_IsPublic_AndDescribesEveryRoute()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Where(operation => operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("operationId", out _))
            .Select(operation => operation.Value.GetProperty("operationId").GetString())
            .ToHashSet();
        Assert.Subset(operations, new HashSet<string?>
        {
            "IssueToken", "GetBoard", "GetMe", "GetReportForm", "ReportConcern", "ListMyOrganisationsConcerns",
            "GetConcernStatus", "GetConcern", "ConfirmUrgency", "MarkTriaged", "MergeDuplicate", "CloseAsUnfounded",
        });
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpoints_AnswerHealthy_WithoutSignIn(string path)
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReportForm_OffersTheHotelItsOwnChecklist_AndTheTenantsAreas()
    {
        using var hotel = await host.CreateClientAsync(Accounts.Hotel());

        var form = await hotel.GetFromJsonAsync<ConcernsApi.ReportForm>("/api/concerns/form");

        Assert.Contains("no-luggage", form!.Indicators);
        Assert.DoesNotContain("passenger-controlled", form.Indicators);
        Assert.Contains("Centrum", form.Areas);
        Assert.Equal(["Normal", "Urgent", "ImmediateDanger"], form.Urgencies);
    }
}
