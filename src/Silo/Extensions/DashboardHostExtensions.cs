using System.Globalization;
using Coordination.Dashboard;
using Coordination.Dashboard.Components;
using Coordination.Dashboard.Services;
using Coordination.Silo.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace Coordination.Silo.Extensions;

public static class DashboardHostExtensions
{
    private static readonly string[] Cultures = ["sv", "en"];

    /// <summary>The Blazor Server dashboard (Interactive Server) and what it needs from the host.</summary>
    public static void AddCoordinationDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddDashboard();
        builder.Services.AddScoped<IAccountService, AccountService>();
    }

    /// <summary>Swedish unless the person chose English; the browser's language does not decide.</summary>
    public static void UseCoordinationLocalization(this WebApplication app)
    {
        var localization = new RequestLocalizationOptions()
            .SetDefaultCulture(Cultures[0])
            .AddSupportedCultures(Cultures)
            .AddSupportedUICultures(Cultures);
        localization.RequestCultureProviders = [new CookieRequestCultureProvider()];
        app.UseRequestLocalization(localization);
    }

    public static void MapCoordinationDashboard(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        app.MapGet("/culture/set", SetCulture).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/account/logout", SignOutAsync).ExcludeFromDescription();
    }

    private static IResult SetCulture(string? culture, string? redirectUri, HttpContext context)
    {
        var chosen = Cultures.Contains(culture) ? culture! : Cultures[0];
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        return Results.LocalRedirect(IsLocal(redirectUri) ? redirectUri! : "/");
    }

    private static async Task<IResult> SignOutAsync(SignInManager<CoordinationUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.LocalRedirect("/account/login");
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

}
