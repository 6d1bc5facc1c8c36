using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Coordination.Deployment.Tests;

public sealed partial class DockerfileTests
{
    /// <summary>The Dockerfile's instructions, continuation lines joined, comments dropped.</summary>
    private static IReadOnlyList<(string Instruction, string Arguments)> Instructions { get; } = Parse(Repository.Read("Dockerfile"));

    private static IEnumerable<string> Arguments(string instruction) =>
        Instructions.Where(i => i.Instruction == instruction).Select(i => i.Arguments);

    [Fact]
    public void The_image_is_built_with_the_sdk_and_runs_on_the_aspnet_runtime()
    {
        var stages = Arguments("FROM").ToList();
        Assert.Equal(2, stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", stages[1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_stage_publishes_the_host_in_release_to_the_folder_the_runtime_stage_copies()
    {
        var publish = Assert.Single(Arguments("RUN"), r => r.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Matches(@"dotnet publish src/Silo(/Coordination\.Silo\.csproj)?\s", publish);
        Assert.Contains("-c Release", publish, StringComparison.Ordinal);
        Assert.Contains("-o /app", publish, StringComparison.Ordinal);
        Assert.Contains(Arguments("COPY"), c => c.StartsWith("--from=build /app ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_restore_layer_copies_every_project_the_host_depends_on()
    {
        var copied = Arguments("COPY").SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        foreach (var project in ProjectClosure("src/Silo/Coordination.Silo.csproj"))
        {
            Assert.Contains(project, copied);
        }

        Assert.Contains("Directory.Build.props", copied);
        Assert.Contains("Directory.Packages.props", copied);
    }

    [Fact]
    public void The_container_runs_the_host_assembly_as_a_non_root_user()
    {
        var user = Arguments("USER").Last();
        Assert.DoesNotMatch(@"^(root|0)(:.*)?$", user);
        // Kubernetes checks runAsNonRoot against a numeric user: $APP_UID is the runtime image's UID 1654.
        Assert.Equal("$APP_UID", user);

        // USER comes after the last COPY into the runtime stage, and the entry point follows it.
        var index = Instructions.ToList();
        Assert.True(index.FindLastIndex(i => i.Instruction == "USER") > index.FindLastIndex(i => i.Instruction == "COPY"));

        var assembly = typeof(Coordination.Silo.Options.StorageOptions).Assembly.GetName().Name;
        Assert.Equal($"[\"dotnet\", \"{assembly}.dll\"]", Arguments("ENTRYPOINT").Single());
    }

    [Fact]
    public void The_image_exposes_http_silo_and_gateway_ports()
    {
        var exposed = Arguments("EXPOSE").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains("8080", exposed);
        Assert.Contains("11111", exposed);
        Assert.Contains("30000", exposed);
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_local_data_and_tests()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        foreach (var pattern in new[] { "**/bin/", "**/obj/", "**/data/", ".git/", "tests/" })
        {
            Assert.Contains(pattern, ignored);
        }

        Assert.DoesNotContain("src/", ignored);
    }

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(Repository.PathOf(current))!;
            foreach (var reference in XDocument.Load(Repository.PathOf(current)).Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar)));
                pending.Push(Repository.Relative(path));
            }
        }

        return seen;
    }

    private static List<(string, string)> Parse(string dockerfile)
    {
        var joined = Continuation().Replace(dockerfile, " ");
        return joined.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2))
            .Select(p => (p[0].ToUpperInvariant(), p.Length > 1 ? p[1].Trim() : ""))
            .ToList();
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex Continuation();
}
