using Coordination.Grains.Security;
using Coordination.Silo.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Coordination.Silo.Apis;

public static class AuthApi
{
    public const string RateLimitPolicy = "sign-in";

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Accounts").AllowAnonymous();
        api.MapPost("/token", IssueTokenAsync)
            .WithName("IssueToken")
            .WithSummary("Exchanges an account's e-mail and password for a bearer token (for partner systems, tests and the benchmark).")
            .RequireRateLimiting(RateLimitPolicy);
        return api;
    }

    public static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request, SignInManager<CoordinationUser> signIn)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            errors.Add("email", "Required.");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "Required.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.All);
        }

        // The bearer scheme writes the token response itself when the sign-in succeeds.
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.Email!.Trim(), request.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.Empty;
        }

        return TypedResults.Problem(
            result.IsLockedOut ? "The account is locked for a while after too many failed attempts." : "Wrong e-mail or password.",
            statusCode: StatusCodes.Status401Unauthorized);
    }
}
