namespace Coordination.Deployment.Tests;

public sealed class SecretTests
{
    [Fact]
    public void The_only_secret_is_an_example_with_a_placeholder_password()
    {
        var secret = Manifests.Single("Secret");
        Assert.Equal("k8s/secret.example.yaml", secret.File);
        Assert.False(secret.Node.Has("data"), "Base64 data hides what is in it: the example uses stringData.");

        var values = secret.Node.Dict("stringData");
        Assert.NotEmpty(values);
        foreach (var value in values.Values)
        {
            Assert.Contains("CHANGE-ME", value, StringComparison.Ordinal);
        }

        Assert.Contains("EXAMPLE ONLY", Repository.Read(secret.File), StringComparison.Ordinal);
    }

    [Fact]
    public void Applying_the_kustomization_never_overwrites_the_real_secret()
    {
        var resources = Manifests.Kustomization("k8s").Seq("resources").Strings().Select(r => $"k8s/{r}");
        Assert.DoesNotContain(resources, r => Manifests.Objects.Any(o => o.File == r && o.Kind == "Secret"));
        Assert.False(Manifests.Kustomization("k8s").Has("secretGenerator"));
    }

    [Fact]
    public void No_other_manifest_carries_a_password()
    {
        foreach (var file in Manifests.Files.Where(f => f != "k8s/secret.example.yaml"))
        {
            Assert.DoesNotContain("Password=", Repository.Read(file), StringComparison.OrdinalIgnoreCase);
        }
    }
}
