using System.Diagnostics.CodeAnalysis;

namespace Coordination.Silo.Apis;

public sealed record TokenRequest(string? Email, string? Password);

/// <summary>A report. Enum values are names (e.g. "Hotel", "ImmediateDanger"); see GET /api/concerns/form.</summary>
public sealed record ReportConcernRequest(
    string? PlaceKind,
    string? Area,
    DateTimeOffset? ObservedAt,
    IReadOnlyList<string>? Indicators,
    string? FreeText,
    string? Urgency);

public sealed record UrgencyRequest(string? Urgency);

public sealed record MergeRequest(Guid? TargetId);

public sealed record CloseRequest(string? Reason);

/// <summary>Assign to a worker, or with no worker to the next one on shift by the assignment order.</summary>
public sealed record AssignRequest(string? WorkerId, long? Revision);

public sealed record RevisionRequest(long? Revision);

public sealed record DeclineRequest(string? Reason, long? Revision);

public sealed record ContactRequest(bool? Reached, string? Note);

public sealed record SupportRequest(string? Provider, string? Note);

public sealed record ReferralRequest(string? Target, string? Note);

public sealed record NoteRequest(string? Text);

public sealed record ClosureRequest(string? Outcome, string? Note, long? Revision);

/// <summary>Collects field errors for one ValidationProblem answer.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> _errors = [];

    public bool Any => _errors.Count > 0;

    public IDictionary<string, string[]> All => _errors;

    public void Add(string field, string message) => _errors[field] = [.. _errors.GetValueOrDefault(field, []), message];

    /// <summary>Parses an enum by name only (numbers are refused so that clients cannot send meaningless values).</summary>
    public bool TryEnum<T>(string field, string? value, [NotNullWhen(true)] out T? parsed) where T : struct, Enum
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Required.");
            return false;
        }

        if (!char.IsDigit(value[0]) && Enum.TryParse<T>(value, ignoreCase: true, out var result) && Enum.IsDefined(result))
        {
            parsed = result;
            return true;
        }

        Add(field, $"Must be one of: {string.Join(", ", Enum.GetNames<T>())}.");
        return false;
    }
}
