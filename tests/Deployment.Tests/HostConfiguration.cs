using System.Reflection;
using System.Text.RegularExpressions;
using Coordination.Silo.Options;

namespace Coordination.Deployment.Tests;

/// <summary>
/// The configuration keys the host reads: the option classes (a public const Section plus their settable
/// properties), the keys src/ reads by name (Configuration["..."], a GetSection("...") variable's
/// GetValue("...")), and the few that ASP.NET Core, the generic host and OpenTelemetry read themselves.
/// </summary>
public static partial class HostConfiguration
{
    /// <summary>Every option class of the host and of the Coordination assemblies it references, by section.</summary>
    public static IReadOnlyDictionary<string, Type> OptionSections { get; } = FindOptionSections();

    /// <summary>Keys (section:property, case-insensitive) that the host's own code reads.</summary>
    public static IReadOnlySet<string> HostKeys { get; } = FindHostKeys();

    /// <summary>
    /// Read by the framework from its prefixed environment variables (ASPNETCORE_X, DOTNET_X become the host
    /// configuration key X): the listening URLs, forwarded headers behind a proxy, the environment name and
    /// HostOptions.ShutdownTimeout (key shutdownTimeoutSeconds, whole seconds).
    /// </summary>
    public static IReadOnlySet<string> FrameworkPrefixedKeys { get; } =
        new HashSet<string>(["URLS", "HTTP_PORTS", "FORWARDEDHEADERS_ENABLED", "ENVIRONMENT", "SHUTDOWNTIMEOUTSECONDS"], StringComparer.OrdinalIgnoreCase);

    public static readonly string[] FrameworkPrefixes = ["ASPNETCORE_", "DOTNET_"];

    /// <summary>The standard OpenTelemetry variables the SDK and the host (OTLP endpoint) read.</summary>
    public static IReadOnlySet<string> OpenTelemetryVariables { get; } = new HashSet<string>(
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"],
        StringComparer.Ordinal);

    /// <summary>Sections the logging framework binds (Logging:LogLevel, Logging:Console ...).</summary>
    public static readonly string[] FrameworkSections = ["Logging:"];

    /// <summary>Downward-API variables: not read by the host, only as $(NAME) sources of variables it reads.</summary>
    public static IReadOnlySet<string> DownwardApiSources { get; } = new HashSet<string>(
        ["POD_NAME", "POD_IP", "POD_NAMESPACE", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"], StringComparer.Ordinal);

    /// <summary>The configuration key an environment variable becomes (double underscore = section separator).</summary>
    public static string KeyOf(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>Why the host reads this variable, or null when nothing reads it.</summary>
    public static string? Reader(string variable)
    {
        var key = KeyOf(variable);
        if (HostKeys.Contains(key))
        {
            return "the host";
        }

        if (OpenTelemetryVariables.Contains(variable))
        {
            return "OpenTelemetry";
        }

        if (FrameworkPrefixes.FirstOrDefault(p => variable.StartsWith(p, StringComparison.Ordinal)) is { } prefix
            && FrameworkPrefixedKeys.Contains(variable[prefix.Length..]))
        {
            return "the framework";
        }

        return FrameworkSections.Any(s => key.StartsWith(s, StringComparison.OrdinalIgnoreCase) && key.Length > s.Length)
            ? "the logging framework"
            : null;
    }

    private static Dictionary<string, Type> FindOptionSections()
    {
        var host = typeof(StorageOptions).Assembly;
        var assemblies = host.GetReferencedAssemblies()
            .Where(a => a.Name?.StartsWith("Coordination.", StringComparison.Ordinal) == true)
            .Select(Assembly.Load)
            .Prepend(host);
        return assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);
    }

    private static HashSet<string> FindHostKeys()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (section, type) in OptionSections)
        {
            AddProperties(keys, section, type, depth: 0);
        }

        foreach (var file in Directory.EnumerateFiles(Repository.PathOf("src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            foreach (Match read in IndexedRead().Matches(source))
            {
                keys.Add(read.Groups["key"].Value);
            }

            foreach (Match sectionVariable in SectionVariable().Matches(source))
            {
                var variable = sectionVariable.Groups["variable"].Value;
                var reads = new Regex($@"\b{Regex.Escape(variable)}\.GetValue(?:<[^>]+>)?\(\s*""(?<key>[^""]+)""");
                foreach (Match read in reads.Matches(source))
                {
                    keys.Add($"{sectionVariable.Groups["section"].Value}:{read.Groups["key"].Value}");
                }
            }
        }

        return keys;
    }

    private static void AddProperties(HashSet<string> keys, string prefix, Type type, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var key = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (depth < 3 && propertyType.IsClass && propertyType != typeof(string) && !propertyType.IsArray
                && !typeof(System.Collections.IEnumerable).IsAssignableFrom(propertyType))
            {
                AddProperties(keys, key, propertyType, depth + 1);
            }
            else
            {
                keys.Add(key);
            }
        }
    }

    /// <summary>Configuration["Key:Name"] and Configuration.GetValue&lt;T&gt;("Key:Name").</summary>
    [GeneratedRegex(@"Configuration(?:\[\s*""(?<key>[^""]+)""\s*\]|\.GetValue(?:<[^>]+>)?\(\s*""(?<key>[^""]+)"")")]
    private static partial Regex IndexedRead();

    /// <summary>var limits = builder.Configuration.GetSection("RateLimits");</summary>
    [GeneratedRegex(@"var\s+(?<variable>\w+)\s*=\s*[\w.]*GetSection\(\s*""(?<section>[^""]+)""\s*\)\s*;")]
    private static partial Regex SectionVariable();
}
