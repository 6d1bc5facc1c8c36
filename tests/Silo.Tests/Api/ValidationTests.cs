using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coordination.Silo.Tests.Api;

/// <summary>Bad input gets a 400 ProblemDetails whose errors name the field at fault, and changes nothing.</summary>
[Collection(HostCollection.Name)]
public sealed class ValidationTests(HostFixture host)
{
    public static TheoryData<string, string> InvalidReports => new()
    {
        { "placeKind", Report(r => r.Remove("placeKind")) },
        { "placeKind", Report(r => r["placeKind"] = "Boat") },
        { "placeKind", Report(r => r["placeKind"] = "1") },
        { "area", Report(r => r.Remove("area")) },
        { "area", Report(r => r["area"] = "  ") },
        { "area", Report(r => r["area"] = "Atlantis") },
        { "observedAt", Report(r => r.Remove("observedAt")) },
        { "observedAt", Report(r => r["observedAt"] = "igår kväll") },
        { "observedAt", Report(r => r["observedAt"] = "2026-13-45T25:61:00Z") },
        { "observedAt", Report(r => r["observedAt"] = DateTimeOffset.UtcNow.AddDays(1)) },
        { "observedAt", Report(r => r["observedAt"] = DateTimeOffset.UtcNow.AddYears(-2)) },
        { "urgency", Report(r => r.Remove("urgency")) },
        { "urgency", Report(r => r["urgency"] = "Panic") },
        { "indicators", Report(r => r["indicators"] = new JsonArray("passenger-controlled")) },
        { "indicators", Report(r => r["indicators"] = new JsonArray("fear", "fear")) },
        { "indicators", Report(r => r["indicators"] = new JsonArray()) },
        { "indicators", Report(r => r["indicators"] = "fear") },
        { "freeText", Report(r => r["freeText"] = new string('x', 2001)) },
    };

    [Theory]
    [MemberData(nameof(InvalidReports))]
    public async Task InvalidReport_Answers400_NamingTheField(string field, string body)
    {
        using var hotel = await host.CreateClientAsync(Accounts.Hotel());

        using var response = await hotel.PostAsync("/api/concerns", Json(body));

        await AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task EmptyReport_Answers400_NamingEveryMissingField()
    {
        using var hotel = await host.CreateClientAsync(Accounts.Hotel());

        using var response = await hotel.PostAsync("/api/concerns", Json("{}"));

        var errors = await AssertNamesFieldAsync(response, "placeKind");
        Assert.Equal(["area", "observedAt", "placeKind", "urgency"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("area", """{"placeKind": "Hotel", "area": """)]
    [InlineData("body", "this is not JSON")]
    [InlineData("body", "[]")]
    public async Task UnreadableBody_Answers400_NamingWhereItBroke(string field, string body)
    {
        using var hotel = await host.CreateClientAsync(Accounts.Hotel());

        using var response = await hotel.PostAsync("/api/concerns", Json(body));

        await AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task RejectedReports_AreNotStored()
    {
        using var hotel = await host.CreateClientAsync(Accounts.Hotel());
        var before = await CountMineAsync(hotel);

        foreach (var (_, body) in InvalidReports.Select(row => ((string)row[0], (string)row[1])))
        {
            using var response = await hotel.PostAsync("/api/concerns", Json(body));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(before, await CountMineAsync(hotel));
    }

    public static TheoryData<string, string> InvalidSignIns => new()
    {
        { "email", """{"password": "Demo-2026!"}""" },
        { "email", """{"email": "  ", "password": "Demo-2026!"}""" },
        { "email", """{"email": 42, "password": "Demo-2026!"}""" },
        { "password", """{"email": "hotell@helsingborg.demo.example"}""" },
        { "password", """{"email": "hotell@helsingborg.demo.example", "password": ""}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidSignIns))]
    public async Task InvalidSignIn_Answers400_NamingTheField(string field, string body)
    {
        using var client = host.CreateClient();

        using var response = await client.PostAsync("/api/auth/token", Json(body));

        await AssertNamesFieldAsync(response, field);
    }

    public static TheoryData<string, string, string> InvalidCoordinatorActions => new()
    {
        { "urgency", "{}", "urgency" },
        { "urgency", """{"urgency": "Panic"}""", "urgency" },
        { "urgency", """{"urgency": "2"}""", "urgency" },
        { "urgency", """{"urgency": ["Urgent"]}""", "urgency" },
        { "merge", "{}", "targetId" },
        { "merge", """{"targetId": "00000000-0000-0000-0000-000000000000"}""", "targetId" },
        { "merge", """{"targetId": "not-a-guid"}""", "targetId" },
        { "merge", """{"targetId": "{self}"}""", "targetId" },
        { "merge", """{"targetId": "{unknown}"}""", "targetId" },
        { "close-unfounded", $$"""{"reason": "{{new string('x', 501)}}"}""", "reason" },
    };

    [Theory]
    [MemberData(nameof(InvalidCoordinatorActions))]
    public async Task InvalidCoordinatorAction_Answers400_NamingTheField_AndLeavesTheConcernAsItWas(string action, string body, string field)
    {
        var report = await host.ReportAsync(Accounts.Hotel());
        using var coordinator = await host.CreateClientAsync(Accounts.Coordinator());
        var request = body.Replace("{self}", report.Id.ToString(), StringComparison.Ordinal)
            .Replace("{unknown}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

        using var response = await coordinator.PostAsync($"/api/concerns/{report.Id}/{action}", Json(request));

        await AssertNamesFieldAsync(response, field);
        var details = await coordinator.GetFromJsonAsync<Grains.Concerns.ConcernDetails>($"/api/concerns/{report.Id}", HostFixture.Json);
        Assert.Equal(["concern.reported", "concern.details-viewed"], details!.Timeline.Select(entry => entry.Type));
    }

    private static async Task<JsonElement> AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"The errors name {string.Join(", ", errors.EnumerateObject().Select(e => $"'{e.Name}'"))}, not '{field}'.");
        return errors;
    }

    private static async Task<int> CountMineAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/concerns/mine")).GetProperty("reports").GetArrayLength();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Report(Action<JsonObject> change)
    {
        var report = new JsonObject
        {
            ["placeKind"] = "Hotel",
            ["area"] = "Centrum",
            ["observedAt"] = DateTimeOffset.UtcNow.AddHours(-1),
            ["indicators"] = new JsonArray("fear", "no-luggage"),
            ["freeText"] = null,
            ["urgency"] = "Normal",
        };
        change(report);
        return report.ToJsonString();
    }
}
