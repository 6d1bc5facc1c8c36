using System.Threading.RateLimiting;
using Coordination.Silo.Apis;
using Coordination.Grains.Security;
using Coordination.Silo.Identity;
using Coordination.Silo.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Coordination.Silo.Extensions;

public static class AuthExtensions
{
    private const string CookieOrBearer = "CookieOrBearer";

    /// <summary>Identity accounts; the browser's cookie or a bearer token; role policies; rate limits on sign-in and intake.</summary>
    public static void AddCoordinationAuth(this IHostApplicationBuilder builder, CoordinationDatabase database)
    {
        var services = builder.Services;
        var protection = services.AddDataProtection().SetApplicationName("Coordination");
        if (database.FilePath is not null)
        {
            // Embedded mode: keys beside the database, so that cookies and tokens survive a restart.
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(database.FilePath)!, "keys")));
        }
        else
        {
            // Cluster mode: one key ring in PostgreSQL for every replica (schema step 4), so that a cookie or
            // token issued by one replica is accepted by all of them, and survives restarts.
            protection.PersistKeysToDbContext<DataProtectionDbContext>();
        }

        services.AddIdentityCore<CoordinationUser>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.Password.RequiredLength = 10;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                identity.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CoordinationDbContext>()
            .AddClaimsPrincipalFactory<CoordinationClaimsFactory>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthentication(auth =>
            {
                auth.DefaultScheme = CookieOrBearer;
                auth.DefaultChallengeScheme = CookieOrBearer;
            })
            .AddPolicyScheme(CookieOrBearer, "Cookie or bearer token", policy =>
                policy.ForwardDefaultSelector = context => CarriesBearerToken(context.Request)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, bearer =>
            {
                bearer.BearerTokenExpiration = TimeSpan.FromHours(8);
                bearer.Events.OnMessageReceived = context =>
                {
                    // WebSockets cannot carry headers from a browser: the hub takes the token from the query string.
                    if (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is [{ } token, ..])
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                };
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(cookie =>
            {
                cookie.LoginPath = "/account/login";
                cookie.Cookie.Name = "coordination";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                cookie.Events.OnRedirectToLogin = context => AnswerMachinesWith(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => AnswerMachinesWith(context, StatusCodes.Status403Forbidden);
            }));

        // A post-configure runs after every configure, so the framework has set the protector that this wraps.
        // Only access tokens: a refresh token is read once per refresh, not on every request.
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme)
            .PostConfigure<TimeProvider>((bearer, time) =>
                bearer.BearerTokenProtector = new CachingTicketProtector(bearer.BearerTokenProtector, time));

        services.AddAuthorizationBuilder().AddCoordinationPolicies();

        var limits = builder.Configuration.GetSection("RateLimits");
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(AuthApi.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.GetValue("SignInsPerMinute", 30), Window = TimeSpan.FromMinutes(1) }));
            limiter.AddPolicy(ConcernsApi.ReportRateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.Name ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.GetValue("ReportsPerMinute", 60), Window = TimeSpan.FromMinutes(1) }));
        });
    }

    private static bool CarriesBearerToken(HttpRequest request) =>
        request.Headers.Authorization is [{ } header, ..] && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token");

    /// <summary>APIs and the hub answer 401/403; only pages redirect to the sign-in page.</summary>
    private static Task AnswerMachinesWith(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
