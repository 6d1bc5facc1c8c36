using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Coordination.Deployment.Tests;

/// <summary>Small, strict navigation over YamlDotNet's representation model: a missing field fails with its path.</summary>
public static class Yaml
{
    public static YamlMappingNode Map(this YamlNode node, string key) =>
        node.Get(key) as YamlMappingNode ?? throw Missing(node, key, "mapping");

    public static YamlSequenceNode Seq(this YamlNode node, string key) =>
        node.Get(key) as YamlSequenceNode ?? throw Missing(node, key, "sequence");

    public static string Str(this YamlNode node, string key) =>
        (node.Get(key) as YamlScalarNode)?.Value ?? throw Missing(node, key, "scalar");

    public static int Int(this YamlNode node, string key) => int.Parse(node.Str(key), CultureInfo.InvariantCulture);

    public static string? OptionalStr(this YamlNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static YamlNode? Get(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static bool Has(this YamlNode node, string key) => node.Get(key) is not null;

    public static IEnumerable<YamlMappingNode> Maps(this YamlSequenceNode sequence) => sequence.Children.OfType<YamlMappingNode>();

    public static IEnumerable<string> Strings(this YamlSequenceNode sequence) =>
        sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "");

    /// <summary>A mapping of scalars (labels, annotations, data) as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Dict(this YamlNode node, string key) =>
        node.Get(key) is YamlMappingNode map
            ? map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (c.Value as YamlScalarNode)?.Value ?? "")
            : new Dictionary<string, string>();

    public static IReadOnlyList<YamlMappingNode> LoadDocuments(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    private static KeyNotFoundException Missing(YamlNode node, string key, string what) =>
        new($"Expected a {what} '{key}' at line {node.Start.Line}.");
}
