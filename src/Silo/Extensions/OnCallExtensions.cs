using Coordination.Grains.Concerns;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Extensions;

public static class OnCallExtensions
{
    /// <summary>Stage deadlines per urgency (and tenant) and automatic assignment on triage; checked at start.</summary>
    public static void AddCoordinationOnCall(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConcernDeadlineOptions>().BindConfiguration(ConcernDeadlineOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ConcernDeadlineOptions>, DeadlinesValidator>();
    }

    /// <summary>Names each faulty setting by its configuration path.</summary>
    private sealed class DeadlinesValidator : IValidateOptions<ConcernDeadlineOptions>
    {
        public ValidateOptionsResult Validate(string? name, ConcernDeadlineOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
