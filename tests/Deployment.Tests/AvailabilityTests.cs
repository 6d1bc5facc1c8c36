namespace Coordination.Deployment.Tests;

public sealed class AvailabilityTests
{
    [Fact]
    public void The_disruption_budget_lets_at_most_one_silo_go_at_a_time()
    {
        var budget = Manifests.Single("PodDisruptionBudget");
        Assert.Equal("policy/v1", budget.ApiVersion);
        Assert.True(Manifests.Selects(budget.Spec.Map("selector").Dict("matchLabels"), Manifests.PodLabels(Manifests.Deployment)));
        Assert.False(Manifests.Selects(budget.Spec.Map("selector").Dict("matchLabels"), Manifests.PodLabels(Manifests.Job)));

        var maxUnavailable = budget.Spec.OptionalStr("maxUnavailable");
        var minAvailable = budget.Spec.OptionalStr("minAvailable");
        Assert.True(maxUnavailable == "1" || (int.TryParse(minAvailable, out var min) && min >= 2),
            $"maxUnavailable '{maxUnavailable}', minAvailable '{minAvailable}'");
    }

    [Fact]
    public void The_autoscaler_scales_the_deployment_on_cpu_and_never_below_its_replica_count()
    {
        var autoscaler = Manifests.Single("HorizontalPodAutoscaler");
        Assert.Equal("autoscaling/v2", autoscaler.ApiVersion);
        var minReplicas = autoscaler.Spec.Int("minReplicas");
        Assert.True(minReplicas >= Manifests.Deployment.Spec.Int("replicas"));
        Assert.True(autoscaler.Spec.Int("maxReplicas") > minReplicas);

        var cpu = Assert.Single(autoscaler.Spec.Seq("metrics").Maps(), m => m.Str("type") == "Resource" && m.Map("resource").Str("name") == "cpu");
        Assert.Equal("Utilization", cpu.Map("resource").Map("target").Str("type"));
        Assert.InRange(cpu.Map("resource").Map("target").Int("averageUtilization"), 1, 100);

        // Utilization is measured against the request: the container must request CPU.
        Assert.True(Manifests.Container(Manifests.Deployment).Map("resources").Map("requests").Has("cpu"));
    }
}
