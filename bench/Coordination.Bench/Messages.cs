using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Bench;

// The hub's "Deltas" message as a client reads it (docs/realtime-api.md): only what the harness needs. The
// server sends more fields; they are skipped while reading.

public sealed record DeltasMessage(string Audience, IReadOnlyList<DeltaMessage> Deltas);

public sealed record DeltaMessage(long Sequence, string Type, DeltaData? Data);

/// <summary>
/// A coordinators' delta carries the concern whole (<see cref="Concern"/>), an organisation's delta its
/// report status (<see cref="Id"/> and <see cref="Status"/>). An alert delta carries the alert's id, and for
/// coordinators each addressed organisation's progress (<see cref="Organisations"/>, read only for alerts).
/// </summary>
public sealed record DeltaData(Guid Id, string? Status, ConcernRef? Concern, JsonElement Organisations)
{
    public Guid ConcernId => Concern?.Id ?? Id;
}

public sealed record ConcernRef(Guid Id);

/// <summary>What a delta tells about which action it answers.</summary>
public enum DeltaKind : byte
{
    Reported = 0,
    Triaged = 1,
    StatusReceived = 2,
    StatusBeingHandled = 3,
    Other = 255,
}

public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static DeltaKind KindOf(DeltaMessage delta) => delta.Type switch
    {
        "concern.reported" => DeltaKind.Reported,
        "concern.triaged" => DeltaKind.Triaged,
        "report.status" when delta.Data?.Status == "Received" => DeltaKind.StatusReceived,
        "report.status" when delta.Data?.Status == "BeingHandled" => DeltaKind.StatusBeingHandled,
        _ => DeltaKind.Other,
    };

    /// <summary>The action a delta answers: a report (concern.reported, status Received) or a triage.</summary>
    public static ActionKind? ActionOf(DeltaKind kind) => kind switch
    {
        DeltaKind.Reported or DeltaKind.StatusReceived => ActionKind.Report,
        DeltaKind.Triaged or DeltaKind.StatusBeingHandled => ActionKind.Triage,
        _ => null,
    };
}

public enum ActionKind : byte
{
    Report = 0,
    Triage = 1,
}

// What the HTTP API takes and answers (the parts the harness uses).

public sealed record TokenRequest(string Email, string Password);

public sealed record TokenAnswer(string AccessToken);

public sealed record ReportRequest(
    string PlaceKind, string Area, DateTimeOffset ObservedAt, IReadOnlyList<string> Indicators, string? FreeText, string Urgency);

public sealed record ReportAnswer(Guid Id);
