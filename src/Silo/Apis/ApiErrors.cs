using System.Text.Json;
using Coordination.Grains.Security;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;

namespace Coordination.Silo.Apis;

/// <summary>Turns the domain's refusals and unreadable bodies into ProblemDetails: never a 500 for bad input.</summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, errors) = exception switch
        {
            ValidationException validation => (400, "The request is not valid.", Errors(validation.Field, validation.Message)),
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, "The request body is not valid JSON for this endpoint.", Errors(FieldOf(json.Path), "Not a valid value.")),
            BadHttpRequestException bad => (bad.StatusCode, "The request is not valid.", null),
            AccessDeniedException => (403, "You may not do this.", null),
            NotFoundException => (404, "Not found.", null),
            ConflictException conflict => (409, conflict.Message, null),
            // A silo died and its grains are moving (cluster failover): nothing was stored; the caller may retry.
            SiloUnavailableException or OrleansMessageRejectionException or TimeoutException =>
                (503, "The service is moving work between servers; try again in a few seconds.", null),
            _ => (0, "", null),
        };
        if (status == 0)
        {
            return false;
        }

        context.Response.StatusCode = status;
        if (status == 503)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title };
        if (errors is not null)
        {
            details.Extensions["errors"] = errors;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    private static Dictionary<string, string[]> Errors(string field, string message) => new() { [field] = [message] };

    /// <summary>"$.observedAt" becomes "observedAt"; a body that breaks before any field ("$") is "body".</summary>
    private static string FieldOf(string? path) => path?.TrimStart('$', '.') is { Length: > 0 } field ? field : "body";
}
