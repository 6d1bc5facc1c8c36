using YamlDotNet.RepresentationModel;

namespace Coordination.Deployment.Tests;

/// <summary>One Kubernetes object from a file under k8s/.</summary>
public sealed record Manifest(string File, YamlMappingNode Node)
{
    public string Kind => Node.Str("kind");

    public string ApiVersion => Node.Str("apiVersion");

    public string Name => Node.Map("metadata").Str("name");

    public string? Namespace => Node.Map("metadata").OptionalStr("namespace");

    public YamlMappingNode Spec => Node.Map("spec");
}

/// <summary>Every YAML document under k8s/, parsed once.</summary>
public static class Manifests
{
    public const string Namespace = "coordination";

    public static IReadOnlyList<string> Files { get; } = Directory
        .EnumerateFiles(Repository.PathOf("k8s"), "*.*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
        .Select(Repository.Relative)
        .Order(StringComparer.Ordinal)
        .ToList();

    public static IReadOnlyList<(string File, YamlMappingNode Node)> Documents { get; } = Files
        .SelectMany(f => Yaml.LoadDocuments(Repository.PathOf(f)).Select(node => (f, node)))
        .ToList();

    /// <summary>The Kubernetes objects (documents with a kind), kustomizations excluded.</summary>
    public static IReadOnlyList<Manifest> Objects { get; } = Documents
        .Where(d => d.Node.Has("kind") && d.Node.Str("kind") != "Kustomization")
        .Select(d => new Manifest(d.File, d.Node))
        .ToList();

    public static IReadOnlyList<Manifest> OfKind(string kind) => Objects.Where(o => o.Kind == kind).ToList();

    public static Manifest Single(string kind) => Assert.Single(OfKind(kind));

    public static Manifest Deployment => Single("Deployment");

    public static Manifest Job => Single("Job");

    public static YamlMappingNode PodSpec(Manifest workload) => workload.Spec.Map("template").Map("spec");

    public static IReadOnlyDictionary<string, string> PodLabels(Manifest workload) =>
        workload.Spec.Map("template").Map("metadata").Dict("labels");

    public static YamlMappingNode Container(Manifest workload) => Assert.Single(PodSpec(workload).Seq("containers").Maps());

    public static YamlMappingNode Env(Manifest workload, string name) =>
        Container(workload).Seq("env").Maps().SingleOrDefault(e => e.Str("name") == name)
        ?? throw new KeyNotFoundException($"{workload.Kind} sets no environment variable {name}.");

    public static YamlMappingNode Kustomization(string directory) =>
        Assert.Single(Yaml.LoadDocuments(Repository.PathOf($"{directory}/kustomization.yaml")));

    /// <summary>Whether a label selector (matchLabels) selects pods with these labels.</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> matchLabels, IReadOnlyDictionary<string, string> labels) =>
        matchLabels.Count > 0 && matchLabels.All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value);
}
