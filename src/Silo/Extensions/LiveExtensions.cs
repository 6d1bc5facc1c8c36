using System.Text.Json.Serialization;
using Coordination.Grains.Live;
using Coordination.Silo.Hubs;
using Coordination.Silo.Live;
using Coordination.Silo.Options;

namespace Coordination.Silo.Extensions;

public static class LiveExtensions
{
    /// <summary>SignalR and the host's one listener, its registration and its dispatcher.</summary>
    public static void AddCoordinationLive(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ListenerDirectoryOptions>().BindConfiguration(ListenerDirectoryOptions.Section);
        services.AddSignalR().AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSingleton<DeltaListener>();
        services.AddSingleton<DeltaDispatcher>();
        services.AddSingleton<ILiveFeed>(sp => sp.GetRequiredService<DeltaDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<DeltaDispatcher>());
        services.AddSingleton<ListenerRegistration>();
        services.AddHostedService(sp => sp.GetRequiredService<ListenerRegistration>());
    }

    public static void MapCoordinationHub(this WebApplication app) => app.MapHub<CoordinationHub>("/hubs/coordination");
}
