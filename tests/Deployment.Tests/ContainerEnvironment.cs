using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Coordination.Deployment.Tests;

/// <summary>A variable as the manifest declares it: a literal value, or where Kubernetes takes it from.</summary>
public sealed record DeclaredVariable(string Name, string? Value, string? FieldPath, string? SecretName, string? SecretKey, string? ConfigMap);

/// <summary>
/// The environment Kubernetes gives a workload's container: envFrom ConfigMaps first, then env in order;
/// $(NAME) in a value expands to a variable defined before it (else it stays as written).
/// </summary>
public static partial class ContainerEnvironment
{
    public const string SamplePodName = "coordination-5d8f7c9b6d-x2x7q";
    public const string SamplePodIp = "10.244.1.17";

    public static IReadOnlyList<DeclaredVariable> Declared(Manifest workload)
    {
        var container = Manifests.Container(workload);
        var variables = new List<DeclaredVariable>();
        if (container.Get("envFrom") is YamlSequenceNode sources)
        {
            foreach (var source in sources.Maps())
            {
                var configMapName = source.Map("configMapRef").Str("name");
                var configMap = Manifests.OfKind("ConfigMap").Single(c => c.Name == configMapName);
                variables.AddRange(configMap.Node.Dict("data").Select(d => new DeclaredVariable(d.Key, d.Value, null, null, null, configMapName)));
            }
        }

        if (container.Get("env") is YamlSequenceNode env)
        {
            foreach (var variable in env.Maps())
            {
                var from = variable.Get("valueFrom");
                variables.Add(new DeclaredVariable(
                    variable.Str("name"),
                    variable.OptionalStr("value"),
                    from?.Get("fieldRef")?.OptionalStr("fieldPath"),
                    from?.Get("secretKeyRef")?.OptionalStr("name"),
                    from?.Get("secretKeyRef")?.OptionalStr("key"),
                    null));
            }
        }

        return variables;
    }

    /// <summary>The names referred to as $(NAME) in a value.</summary>
    public static IEnumerable<string> References(string? value) =>
        value is null ? [] : Reference().Matches(value).Select(m => m.Groups["name"].Value);

    /// <summary>The values a sample pod of this workload would see; secrets come from the example Secret.</summary>
    public static IReadOnlyDictionary<string, string> Resolve(Manifest workload)
    {
        var labels = Manifests.PodLabels(workload);
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in Declared(workload))
        {
            resolved[variable.Name] = variable switch
            {
                { FieldPath: { } path } => FieldValue(path, workload, labels),
                { SecretName: { } secret } => Manifests.OfKind("Secret").Single(s => s.Name == secret).Node.Dict("stringData")[variable.SecretKey!],
                _ => Reference().Replace(variable.Value ?? "", m => resolved.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value),
            };
        }

        return resolved;
    }

    private static string FieldValue(string path, Manifest workload, IReadOnlyDictionary<string, string> labels)
    {
        if (LabelPath().Match(path) is { Success: true } label)
        {
            return labels.TryGetValue(label.Groups["label"].Value, out var value)
                ? value
                : throw new KeyNotFoundException($"The pod template has no label {label.Groups["label"].Value} for fieldRef {path}.");
        }

        return path switch
        {
            "metadata.name" => SamplePodName,
            "metadata.namespace" => workload.Namespace ?? Manifests.Namespace,
            "status.podIP" => SamplePodIp,
            _ => throw new NotSupportedException($"fieldRef {path}"),
        };
    }

    [GeneratedRegex(@"\$\((?<name>[A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^metadata\.labels\['(?<label>[^']+)'\]$")]
    private static partial Regex LabelPath();
}
