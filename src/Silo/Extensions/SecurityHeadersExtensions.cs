namespace Coordination.Silo.Extensions;

public static class SecurityHeadersExtensions
{
    // Blazor Server needs its WebSocket and MudBlazor needs inline styles; nothing else is loaded from anywhere.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self' ws: wss:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>Headers that keep pages out of frames, content types honest and referrers private.</summary>
    public static void UseSecurityHeaders(this WebApplication app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        if (!context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hubs"))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }

        await next();
    });
}
