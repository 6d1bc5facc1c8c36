using System.Net.Http.Json;
using Coordination.Silo.Apis;

namespace Coordination.Silo.Tests.Api;

/// <summary>Every route of Apis/ that needs a signed-in caller, and a request to it with a body that would be valid.</summary>
public static class Endpoints
{
    public static TheoryData<string, string> Protected => new()
    {
        { "GET", "/api/board" },
        { "GET", "/api/me" },
        { "GET", "/api/alerts/figures" },
        { "GET", "/api/concerns/form" },
        { "POST", "/api/concerns" },
        { "GET", "/api/concerns/mine" },
        { "GET", "/api/concerns/{id}/status" },
        { "GET", "/api/concerns/{id}" },
        { "POST", "/api/concerns/{id}/urgency" },
        { "POST", "/api/concerns/{id}/triage" },
        { "POST", "/api/concerns/{id}/merge" },
        { "POST", "/api/concerns/{id}/close-unfounded" },
        { "POST", "/api/concerns/{id}/assign" },
        { "POST", "/api/concerns/{id}/accept" },
        { "POST", "/api/concerns/{id}/decline" },
        { "POST", "/api/concerns/{id}/contact" },
        { "POST", "/api/concerns/{id}/support" },
        { "POST", "/api/concerns/{id}/referral" },
        { "POST", "/api/concerns/{id}/notes" },
        { "POST", "/api/concerns/{id}/close" },
        { "GET", "/api/oncall" },
        { "PUT", "/api/oncall/roster" },
        { "PUT", "/api/oncall/availability" },
        { "GET", "/api/oncall/shifts" },
        { "GET", "/api/me/assignments" },
    };

    public static HttpRequestMessage Request(string method, string path, Guid id, Guid otherId)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", id.ToString(), StringComparison.Ordinal));
        object? body = (method, path.Split('/')[^1]) switch
        {
            ("POST", "concerns") => Reports.FromHotel(),
            ("POST", "urgency") => new UrgencyRequest("Urgent"),
            ("POST", "merge") => new MergeRequest(otherId),
            ("POST", "close-unfounded") => new CloseRequest("Tested"),
            ("POST", "assign") => new AssignRequest(null, null),
            ("POST", "decline") => new DeclineRequest("Tested", null),
            ("POST", "contact") => new ContactRequest(true, null),
            ("POST", "support") => new SupportRequest("SalvationArmy", null),
            ("POST", "referral") => new ReferralRequest("Police", null),
            ("POST", "notes") => new NoteRequest("Tested"),
            ("POST", "close") => new ClosureRequest("NoContactMade", null, null),
            ("PUT", "roster") => new OnCallApi.RosterRequest(0, Grains.OnCall.Roster.Empty),
            ("PUT", "availability") => new OnCallApi.AvailabilityRequest(null, "Busy"),
            _ => null,
        };
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: HostFixture.Json);
        }

        return request;
    }
}
