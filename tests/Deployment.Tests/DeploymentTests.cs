using System.Globalization;

namespace Coordination.Deployment.Tests;

public sealed class DeploymentTests
{
    private static Manifest Deployment => Manifests.Deployment;

    private static int Port(string name) =>
        Manifests.Container(Deployment).Seq("ports").Maps().Single(p => p.Str("name") == name).Int("containerPort");

    [Fact]
    public void Three_replicas_roll_out_one_extra_pod_at_a_time_and_never_go_below_the_desired_count()
    {
        Assert.Equal(3, Deployment.Spec.Int("replicas"));
        var strategy = Deployment.Spec.Map("strategy");
        Assert.Equal("RollingUpdate", strategy.Str("type"));
        Assert.Equal("0", strategy.Map("rollingUpdate").Str("maxUnavailable"));
        Assert.Equal("1", strategy.Map("rollingUpdate").Str("maxSurge"));
    }

    [Fact]
    public void The_selector_selects_the_pod_template()
    {
        var selector = Deployment.Spec.Map("selector").Dict("matchLabels");
        Assert.True(Manifests.Selects(selector, Manifests.PodLabels(Deployment)));
    }

    [Fact]
    public void The_container_exposes_http_silo_and_gateway_ports()
    {
        Assert.Equal(8080, Port("http"));
        Assert.Equal(11111, Port("silo"));
        Assert.Equal(30000, Port("gateway"));
    }

    [Fact]
    public void The_host_listens_on_the_http_port_and_the_silo_on_the_silo_and_gateway_ports()
    {
        var environment = ContainerEnvironment.Resolve(Deployment);
        Assert.Equal("http://+:8080", environment["ASPNETCORE_URLS"]);
        Assert.Equal(new Uri(environment["ASPNETCORE_URLS"].Replace("+", "localhost", StringComparison.Ordinal)).Port, Port("http"));
        Assert.Equal(Port("silo"), int.Parse(environment["Orleans__SiloPort"], CultureInfo.InvariantCulture));
        Assert.Equal(Port("gateway"), int.Parse(environment["Orleans__GatewayPort"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Pod_name_pod_ip_service_id_and_cluster_id_come_from_the_downward_api()
    {
        Assert.Equal("metadata.name", Manifests.Env(Deployment, "POD_NAME").Map("valueFrom").Map("fieldRef").Str("fieldPath"));
        Assert.Equal("status.podIP", Manifests.Env(Deployment, "POD_IP").Map("valueFrom").Map("fieldRef").Str("fieldPath"));
        Assert.StartsWith("metadata.labels[", Manifests.Env(Deployment, "ORLEANS_SERVICE_ID").Map("valueFrom").Map("fieldRef").Str("fieldPath"), StringComparison.Ordinal);
        Assert.StartsWith("metadata.labels[", Manifests.Env(Deployment, "ORLEANS_CLUSTER_ID").Map("valueFrom").Map("fieldRef").Str("fieldPath"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_silo_advertises_its_pod_ip_and_takes_service_and_cluster_id_from_the_pod_labels()
    {
        Assert.Equal("$(POD_IP)", Manifests.Env(Deployment, "Orleans__AdvertisedIp").Str("value"));
        Assert.Equal("$(ORLEANS_SERVICE_ID)", Manifests.Env(Deployment, "Orleans__ServiceId").Str("value"));
        Assert.Equal("$(ORLEANS_CLUSTER_ID)", Manifests.Env(Deployment, "Orleans__ClusterId").Str("value"));

        var environment = ContainerEnvironment.Resolve(Deployment);
        var labels = Manifests.PodLabels(Deployment);
        Assert.Equal(ContainerEnvironment.SamplePodIp, environment["Orleans__AdvertisedIp"]);
        Assert.Equal(labels["orleans/serviceId"], environment["Orleans__ServiceId"]);
        Assert.Equal(labels["orleans/clusterId"], environment["Orleans__ClusterId"]);
    }

    [Fact]
    public void The_service_id_is_the_one_the_host_uses_by_default_so_stored_state_keeps_its_key()
    {
        // The service id is part of every stored grain state's key: a deployment that changed it would orphan all state.
        var defaults = new Coordination.Silo.Options.OrleansHostOptions();
        Assert.Equal(defaults.ServiceId, Manifests.PodLabels(Deployment)["orleans/serviceId"]);
    }

    [Fact]
    public void Every_dependent_variable_refers_to_a_variable_defined_before_it()
    {
        foreach (var workload in new[] { Manifests.Deployment, Manifests.Job })
        {
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var variable in ContainerEnvironment.Declared(workload))
            {
                foreach (var reference in ContainerEnvironment.References(variable.Value))
                {
                    Assert.True(defined.Contains(reference), $"{workload.Kind}: {variable.Name} refers to $({reference}), which is not defined before it.");
                }

                defined.Add(variable.Name);
            }
        }
    }

    [Fact]
    public void Startup_and_readiness_probe_the_ready_endpoint_and_liveness_the_live_endpoint()
    {
        var container = Manifests.Container(Deployment);
        Assert.Equal("/health/ready", container.Map("startupProbe").Map("httpGet").Str("path"));
        Assert.Equal("/health/ready", container.Map("readinessProbe").Map("httpGet").Str("path"));
        Assert.Equal("/health/live", container.Map("livenessProbe").Map("httpGet").Str("path"));
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            Assert.Equal("http", container.Map(probe).Map("httpGet").Str("port"));
        }

        // Joining the cluster may take a while: the startup probe allows minutes, not seconds.
        var startup = container.Map("startupProbe");
        Assert.True(startup.Int("periodSeconds") * startup.Int("failureThreshold") >= 120);
    }

    [Fact]
    public void The_grace_period_outlasts_the_pre_stop_pause_plus_the_host_shutdown_timeout()
    {
        var grace = Manifests.PodSpec(Deployment).Int("terminationGracePeriodSeconds");
        var shutdown = int.Parse(ContainerEnvironment.Resolve(Deployment)["DOTNET_SHUTDOWNTIMEOUTSECONDS"], CultureInfo.InvariantCulture);
        var preStop = Manifests.Container(Deployment).Map("lifecycle").Map("preStop").Map("exec").Seq("command").Strings().ToList();
        Assert.Equal("sleep", preStop[0]);
        var pause = int.Parse(preStop[1], CultureInfo.InvariantCulture);

        Assert.True(grace >= 120, $"grace period {grace}s");
        Assert.True(shutdown >= 120, $"shutdown timeout {shutdown}s (the Orleans guidance is about two minutes)");
        Assert.True(grace > pause + shutdown, $"grace {grace}s <= pre-stop {pause}s + shutdown {shutdown}s");
    }

    [Fact]
    public void The_connection_string_comes_from_the_secret_and_demo_mode_is_off()
    {
        var connection = Manifests.Env(Deployment, "Storage__PostgreSql").Map("valueFrom").Map("secretKeyRef");
        Assert.Equal(Manifests.Single("Secret").Name, connection.Str("name"));
        Assert.Equal("false", ContainerEnvironment.Resolve(Deployment)["Demo__Enabled"]);
    }

    [Fact]
    public void The_pod_runs_as_non_root_on_a_read_only_root_file_system_with_a_writable_tmp()
    {
        var pod = Manifests.PodSpec(Deployment);
        var container = Manifests.Container(Deployment);
        Assert.Equal("true", pod.Map("securityContext").Str("runAsNonRoot"));
        Assert.NotEqual(0, pod.Map("securityContext").Int("runAsUser"));
        Assert.Equal("true", container.Map("securityContext").Str("readOnlyRootFilesystem"));
        Assert.Equal("false", container.Map("securityContext").Str("allowPrivilegeEscalation"));
        Assert.Contains("ALL", container.Map("securityContext").Map("capabilities").Seq("drop").Strings());

        var tmp = Assert.Single(container.Seq("volumeMounts").Maps(), m => m.Str("mountPath") == "/tmp");
        var volume = Assert.Single(pod.Seq("volumes").Maps(), v => v.Str("name") == tmp.Str("name"));
        Assert.True(volume.Has("emptyDir"));
    }

    [Fact]
    public void The_container_requests_and_limits_cpu_and_memory()
    {
        var resources = Manifests.Container(Deployment).Map("resources");
        foreach (var kind in new[] { "requests", "limits" })
        {
            Assert.True(resources.Map(kind).Has("cpu"), kind);
            Assert.True(resources.Map(kind).Has("memory"), kind);
        }
    }
}
