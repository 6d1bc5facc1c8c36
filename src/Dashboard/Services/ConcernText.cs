using Microsoft.Extensions.Localization;

namespace Coordination.Dashboard.Services;

/// <summary>How the board's activity feed and a concern's timeline put an event's detail into words.</summary>
public static class ConcernText
{
    /// <summary>Events whose detail is the id of the worker they are about.</summary>
    public static bool IsAboutWorker(string type) =>
        type is "concern.assigned" or "concern.accepted" or "concern.declined" or "concern.acceptance-timed-out";

    /// <summary>Details are names of things (a worker's id, or an enum value to translate), never free text.</summary>
    public static string Detail(IStringLocalizer<Strings> l, string type, string? detail, Func<string, string> personName) => detail is null
        ? ""
        : type switch
        {
            _ when IsAboutWorker(type) => personName(detail),
            "concern.urgency-confirmed" => l[$"Urgency_{detail}"],
            "concern.assignment-failed" => l[$"Failure_{detail}"],
            "concern.contact-attempted" => l[$"Contact_{detail}"],
            "concern.support-offered" => l[$"Support_{detail}"],
            "concern.referred" => l[$"Referral_{detail}"],
            "concern.closed" => l[$"Outcome_{detail}"],
            "concern.deadline-breached" => l[$"Stage_{detail}"],
            _ => detail,
        };
}
