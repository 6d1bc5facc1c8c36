using System.Net;
using Coordination.Grains.Storage;
using Coordination.Silo.Options;
using Coordination.Silo.Persistence;
using Orleans.Configuration;

namespace Coordination.Silo.Extensions;

public static class SiloExtensions
{
    /// <summary>The co-hosted Orleans silo: localhost clustering on SQLite, ADO.NET clustering and reminders on PostgreSQL.</summary>
    public static void AddCoordinationSilo(this IHostApplicationBuilder builder, CoordinationDatabase database)
    {
        builder.Services.AddOptions<OrleansHostOptions>().BindConfiguration(OrleansHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(OrleansHostOptions.Section).Get<OrleansHostOptions>() ?? new OrleansHostOptions();

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ServiceId = options.ServiceId;
                cluster.ClusterId = options.ClusterId;
            });

            if (database.Provider == DatabaseProvider.Sqlite)
            {
                // Orleans has no SQLite membership table: the embedded mode is one silo on loopback.
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            }
            else
            {
                silo.ConfigureEndpoints(
                    IPAddress.Parse(options.AdvertisedIp ?? "127.0.0.1"), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                silo.AddCoordinationClustering(database);
                // Failure detection: Orleans' defaults unless operators (or tests) tune them here.
                silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(OrleansHostOptions.Section + ":Membership"));
            }

            if (!string.IsNullOrWhiteSpace(options.SiloName))
            {
                silo.Configure<SiloOptions>(silo => silo.SiloName = options.SiloName);
            }

            silo.AddCoordinationGrainStorage(database);
        });
    }

    /// <summary>
    /// Cluster mode: Orleans membership and reminders through ADO.NET on PostgreSQL (schema steps 5 and 6,
    /// applied by the migration command).
    /// </summary>
    public static ISiloBuilder AddCoordinationClustering(this ISiloBuilder silo, CoordinationDatabase database)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException("Orleans clustering and reminders need PostgreSQL (Storage:PostgreSql); the embedded SQLite mode is one silo.");
        }

        silo.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = database.OrleansInvariant;
            clustering.ConnectionString = database.ConnectionString;
        });
        silo.UseAdoNetReminderService(reminders =>
        {
            reminders.Invariant = database.OrleansInvariant;
            reminders.ConnectionString = database.ConnectionString;
        });
        return silo;
    }

    /// <summary>Orleans grain state through ADO.NET in the deployment's database (SQLite or PostgreSQL).</summary>
    public static ISiloBuilder AddCoordinationGrainStorage(this ISiloBuilder silo, CoordinationDatabase database) =>
        silo.AddAdoNetGrainStorage(StorageNames.Grains, storage =>
        {
            storage.Invariant = database.OrleansInvariant;
            storage.ConnectionString = database.ConnectionString;
        });
}
