namespace Coordination.Deployment.Tests;

public sealed class MigrationJobTests
{
    private static Manifest Job => Manifests.Job;

    [Fact]
    public void The_job_starts_the_host_with_the_migrate_argument_and_retries_on_failure()
    {
        var container = Manifests.Container(Job);
        Assert.Equal(["migrate"], container.Seq("args").Strings());
        Assert.False(container.Has("command"), "The image's entry point must stay: the job only passes the argument.");
        Assert.Equal("OnFailure", Manifests.PodSpec(Job).Str("restartPolicy"));
        Assert.InRange(Job.Spec.Int("backoffLimit"), 1, 10);
    }

    [Fact]
    public void The_job_migrates_the_database_the_deployment_uses()
    {
        var job = Manifests.Env(Job, "Storage__PostgreSql").Map("valueFrom").Map("secretKeyRef");
        var deployment = Manifests.Env(Manifests.Deployment, "Storage__PostgreSql").Map("valueFrom").Map("secretKeyRef");
        Assert.Equal((deployment.Str("name"), deployment.Str("key")), (job.Str("name"), job.Str("key")));
    }

    [Fact]
    public void The_job_pod_is_not_selected_by_the_deployment()
    {
        Assert.False(Manifests.Selects(Manifests.Deployment.Spec.Map("selector").Dict("matchLabels"), Manifests.PodLabels(Job)));
    }

    [Fact]
    public void The_job_pod_runs_as_non_root_on_a_read_only_root_file_system()
    {
        Assert.Equal("true", Manifests.PodSpec(Job).Map("securityContext").Str("runAsNonRoot"));
        Assert.Equal("true", Manifests.Container(Job).Map("securityContext").Str("readOnlyRootFilesystem"));
        Assert.Contains(Manifests.Container(Job).Seq("volumeMounts").Maps(), m => m.Str("mountPath") == "/tmp");
    }
}
