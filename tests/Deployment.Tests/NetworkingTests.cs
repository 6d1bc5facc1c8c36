using System.Globalization;

namespace Coordination.Deployment.Tests;

public sealed class NetworkingTests
{
    private static IReadOnlyDictionary<string, string> Annotations =>
        Manifests.Single("Ingress").Node.Map("metadata").Dict("annotations");

    [Fact]
    public void The_service_is_a_cluster_ip_in_front_of_the_http_port_of_the_silo_pods()
    {
        var service = Manifests.OfKind("Service").Single(s => s.Spec.OptionalStr("clusterIP") != "None");
        Assert.Equal("ClusterIP", service.Spec.Str("type"));
        Assert.True(Manifests.Selects(service.Spec.Dict("selector"), Manifests.PodLabels(Manifests.Deployment)));
        Assert.False(Manifests.Selects(service.Spec.Dict("selector"), Manifests.PodLabels(Manifests.Job)), "The Service must not send traffic to the migration Job.");
        var http = Assert.Single(service.Spec.Seq("ports").Maps(), p => p.Str("name") == "http");
        Assert.Equal("http", http.Str("targetPort"));
    }

    [Fact]
    public void The_ingress_routes_everything_to_the_http_port_of_the_service()
    {
        var ingress = Manifests.Single("Ingress");
        Assert.Equal("networking.k8s.io/v1", ingress.ApiVersion);
        Assert.Equal("nginx", ingress.Spec.Str("ingressClassName"));
        var path = Assert.Single(Assert.Single(ingress.Spec.Seq("rules").Maps()).Map("http").Seq("paths").Maps());
        Assert.Equal(("/", "Prefix"), (path.Str("path"), path.Str("pathType")));
        var backend = path.Map("backend").Map("service");
        var service = Assert.Single(Manifests.OfKind("Service"), s => s.Name == backend.Str("name"));
        Assert.Contains(service.Spec.Seq("ports").Maps(), p => p.Str("name") == backend.Map("port").Str("name"));
    }

    [Theory]
    [InlineData("nginx.ingress.kubernetes.io/proxy-read-timeout")]
    [InlineData("nginx.ingress.kubernetes.io/proxy-send-timeout")]
    public void Idle_websockets_stay_open_for_at_least_an_hour(string annotation)
    {
        Assert.True(int.Parse(Annotations[annotation], CultureInfo.InvariantCulture) >= 3600, annotation);
    }

    [Fact]
    public void A_browser_sticks_to_the_replica_that_holds_its_blazor_circuit_through_a_persistent_affinity_cookie()
    {
        Assert.Equal("cookie", Annotations["nginx.ingress.kubernetes.io/affinity"]);
        Assert.Equal("persistent", Annotations["nginx.ingress.kubernetes.io/affinity-mode"]);
        Assert.False(string.IsNullOrWhiteSpace(Annotations["nginx.ingress.kubernetes.io/session-cookie-name"]));
        // The host's own cookie is "coordination": the affinity cookie must not overwrite it.
        Assert.NotEqual("coordination", Annotations["nginx.ingress.kubernetes.io/session-cookie-name"]);
        Assert.Equal("true", Annotations["nginx.ingress.kubernetes.io/session-cookie-change-on-failure"]);
    }
}
