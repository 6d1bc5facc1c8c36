namespace Coordination.Deployment.Tests;

public sealed class ManifestSetTests
{
    private static readonly string[] NotInTheMainKustomization = ["k8s/secret.example.yaml", "k8s/migrate/job.yaml"];

    [Fact]
    public void Every_yaml_file_under_k8s_parses_and_every_object_has_a_kind_an_api_version_and_a_name()
    {
        Assert.NotEmpty(Manifests.Files);
        foreach (var file in Manifests.Files)
        {
            Assert.Contains(Manifests.Documents, d => d.File == file);
        }

        foreach (var manifest in Manifests.Objects)
        {
            Assert.False(string.IsNullOrWhiteSpace(manifest.ApiVersion), manifest.File);
            Assert.False(string.IsNullOrWhiteSpace(manifest.Name), manifest.File);
        }
    }

    [Theory]
    [InlineData("Namespace")]
    [InlineData("ServiceAccount")]
    [InlineData("ConfigMap")]
    [InlineData("Secret")]
    [InlineData("Deployment")]
    [InlineData("Service")]
    [InlineData("Ingress")]
    [InlineData("PodDisruptionBudget")]
    [InlineData("HorizontalPodAutoscaler")]
    [InlineData("Job")]
    public void The_deployment_has_one_object_of_each_kind_it_needs(string kind) => Manifests.Single(kind);

    [Fact]
    public void Every_namespaced_object_lives_in_the_coordination_namespace()
    {
        Assert.Equal(Manifests.Namespace, Manifests.Single("Namespace").Name);
        foreach (var manifest in Manifests.Objects.Where(o => o.Kind != "Namespace"))
        {
            Assert.True(manifest.Namespace == Manifests.Namespace, $"{manifest.Kind} {manifest.Name} in {manifest.File} is in namespace '{manifest.Namespace}'.");
        }

        Assert.Equal(Manifests.Namespace, Manifests.Kustomization("k8s").Str("namespace"));
        Assert.Equal(Manifests.Namespace, Manifests.Kustomization("k8s/migrate").Str("namespace"));
    }

    [Fact]
    public void The_kustomization_lists_every_manifest_except_the_example_secret_and_the_migration_job()
    {
        var listed = Manifests.Kustomization("k8s").Seq("resources").Strings().Select(r => $"k8s/{r}").ToList();
        foreach (var resource in listed)
        {
            Assert.True(File.Exists(Repository.PathOf(resource)), $"kustomization.yaml lists {resource}, which does not exist.");
        }

        var expected = Manifests.Objects.Select(o => o.File).Distinct().Except(NotInTheMainKustomization).Order(StringComparer.Ordinal);
        Assert.Equal(expected, listed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("k8s/secret.example.yaml", listed);
    }

    [Fact]
    public void The_migration_kustomization_applies_the_job_alone()
    {
        var resources = Manifests.Kustomization("k8s/migrate").Seq("resources").Strings().ToList();
        Assert.Equal(["job.yaml"], resources);
        Assert.Equal("Job", Assert.Single(Yaml.LoadDocuments(Repository.PathOf("k8s/migrate/job.yaml"))).Str("kind"));
    }

    [Fact]
    public void The_deployment_and_the_migration_job_run_the_same_image()
    {
        var deploymentImage = Manifests.Container(Manifests.Deployment).Str("image");
        var jobImage = Manifests.Container(Manifests.Job).Str("image");
        Assert.Equal(deploymentImage, jobImage);

        var main = Assert.Single(Manifests.Kustomization("k8s").Seq("images").Maps(), i => i.Str("name") == deploymentImage);
        var migrate = Assert.Single(Manifests.Kustomization("k8s/migrate").Seq("images").Maps(), i => i.Str("name") == jobImage);
        Assert.Equal(main.Str("newName"), migrate.Str("newName"));
        Assert.Equal(main.Str("newTag"), migrate.Str("newTag"));
    }

    [Fact]
    public void References_between_objects_resolve()
    {
        var deployment = Manifests.Deployment;
        var pod = Manifests.PodSpec(deployment);

        Assert.Contains(Manifests.OfKind("ServiceAccount"), s => s.Name == pod.Str("serviceAccountName"));
        foreach (var workload in new[] { Manifests.Deployment, Manifests.Job })
        {
            foreach (var variable in ContainerEnvironment.Declared(workload).Where(v => v.SecretName is not null))
            {
                var secret = Assert.Single(Manifests.OfKind("Secret"), s => s.Name == variable.SecretName);
                Assert.True(secret.Node.Dict("stringData").ContainsKey(variable.SecretKey!), $"Secret {secret.Name} has no key {variable.SecretKey}.");
            }
        }

        var target = Manifests.Single("HorizontalPodAutoscaler").Spec.Map("scaleTargetRef");
        Assert.Equal(("Deployment", deployment.Name), (target.Str("kind"), target.Str("name")));
    }
}
