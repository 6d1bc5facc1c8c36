using Coordination.Dashboard.Services;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Coordination.Dashboard;

public static class DashboardExtensions
{
    /// <summary>MudBlazor, localisation and the scoped services the pages use.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddMudServices();
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddCascadingAuthenticationState();
        services.AddScoped<UserContext>();
        services.AddScoped<ConcernService>();
        services.AddScoped<IConcernService>(sp => sp.GetRequiredService<ConcernService>());
        services.AddScoped<IReportService>(sp => sp.GetRequiredService<ConcernService>());
        services.AddScoped<LiveBoard>();
        services.AddScoped<LiveReports>();
        services.AddScoped<LiveInbox>();
        services.AddScoped<LiveAssignments>();
        services.AddScoped<OnCallService>();
        services.AddScoped<AlertService>();
        services.AddSingleton<ConcernPresence>();
        return services;
    }
}
