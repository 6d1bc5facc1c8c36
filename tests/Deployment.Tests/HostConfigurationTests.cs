using System.ComponentModel.DataAnnotations;
using Coordination.Silo.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Coordination.Deployment.Tests;

public sealed class HostConfigurationTests
{
    public static TheoryData<string> Workloads => new() { "Deployment", "Job" };

    private static Manifest Workload(string kind) => Manifests.Single(kind);

    /// <summary>The configuration a sample pod's host would build from its environment.</summary>
    private static IConfigurationRoot ConfigurationOf(Manifest workload)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in ContainerEnvironment.Resolve(workload))
        {
            values[HostConfiguration.KeyOf(name)] = value;
            // The host also reads DOTNET_X and ASPNETCORE_X as X (its host configuration).
            if (HostConfiguration.FrameworkPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
            {
                values[name[prefix.Length..]] = value;
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    [Fact]
    public void The_key_collection_knows_the_host_option_classes_and_the_keys_read_by_name()
    {
        Assert.Contains("Storage", HostConfiguration.OptionSections.Keys);
        Assert.Contains("Orleans", HostConfiguration.OptionSections.Keys);
        Assert.Contains("Live", HostConfiguration.OptionSections.Keys);
        Assert.Contains("Demo", HostConfiguration.OptionSections.Keys);
        Assert.Contains("Storage:PostgreSql", HostConfiguration.HostKeys);
        Assert.Contains("Orleans:AdvertisedIp", HostConfiguration.HostKeys);
        Assert.Contains("RateLimits:SignInsPerMinute", HostConfiguration.HostKeys);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", HostConfiguration.HostKeys);
        Assert.DoesNotContain("Storage:IsCluster", HostConfiguration.HostKeys);

        Assert.Null(HostConfiguration.Reader("Orleans__AdvertisedIpAddress"));
        Assert.Null(HostConfiguration.Reader("POD_IP"));
        Assert.Null(HostConfiguration.Reader("HostOptions__ShutdownTimeout"));
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Every_variable_the_manifests_set_is_read_by_the_host(string kind)
    {
        var workload = Workload(kind);
        var unread = ContainerEnvironment.Declared(workload)
            .Select(v => v.Name)
            .Where(name => !HostConfiguration.DownwardApiSources.Contains(name) && HostConfiguration.Reader(name) is null)
            .ToList();
        Assert.True(unread.Count == 0, $"{kind} sets variables nothing reads: {string.Join(", ", unread)}");
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Downward_api_variables_only_feed_variables_the_host_reads(string kind)
    {
        var declared = ContainerEnvironment.Declared(Workload(kind));
        foreach (var source in declared.Where(v => HostConfiguration.DownwardApiSources.Contains(v.Name)))
        {
            Assert.True(source.FieldPath is not null, $"{source.Name} must come from the downward API (fieldRef).");
            var consumers = declared.Where(v => ContainerEnvironment.References(v.Value).Contains(source.Name)).ToList();
            Assert.True(consumers.Count > 0, $"{source.Name} is set but no variable refers to $({source.Name}).");
            Assert.All(consumers, c => Assert.NotNull(HostConfiguration.Reader(c.Name)));
        }
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void The_settings_bind_to_the_host_options_and_pass_their_validation(string kind)
    {
        var configuration = ConfigurationOf(Workload(kind));
        foreach (var (section, type) in HostConfiguration.OptionSections)
        {
            var options = configuration.GetSection(section).Get(type) ?? Activator.CreateInstance(type)!;
            var errors = new List<ValidationResult>();
            Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true),
                $"{kind}, section {section}: {string.Join("; ", errors.Select(e => e.ErrorMessage))}");
        }

        Assert.True(configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()!.IsCluster, $"{kind} must run in cluster mode.");
    }

    [Fact]
    public void A_pod_of_the_deployment_is_a_cluster_silo_advertising_its_pod_ip_with_demo_mode_off()
    {
        var configuration = ConfigurationOf(Manifests.Deployment);
        var orleans = configuration.GetSection(OrleansHostOptions.Section).Get<OrleansHostOptions>()!;
        Assert.Equal(ContainerEnvironment.SamplePodIp, orleans.AdvertisedIp);
        Assert.Equal("coordination", orleans.ServiceId);
        Assert.False(string.IsNullOrWhiteSpace(orleans.ClusterId));
        Assert.Equal(11111, orleans.SiloPort);
        Assert.Equal(30000, orleans.GatewayPort);
        Assert.False(configuration.GetSection(DemoOptions.Section).Get<DemoOptions>()!.Enabled);
    }

    [Fact]
    public void The_shutdown_timeout_the_deployment_sets_is_the_one_the_host_uses()
    {
        Assert.Equal(TimeSpan.FromSeconds(120), ShutdownTimeoutUnder(ConfigurationOf(Manifests.Deployment)));
    }

    [Fact]
    public void A_HostOptions_section_does_not_set_the_shutdown_timeout()
    {
        // Why the deployment sets DOTNET_SHUTDOWNTIMEOUTSECONDS: the host binds no "HostOptions" section.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["HostOptions:ShutdownTimeout"] = "00:02:00" })
            .Build();
        Assert.NotEqual(TimeSpan.FromMinutes(2), ShutdownTimeoutUnder(configuration));
    }

    private static TimeSpan ShutdownTimeoutUnder(IConfiguration configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(configuration);
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
    }
}
