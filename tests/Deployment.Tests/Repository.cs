namespace Coordination.Deployment.Tests;

/// <summary>Files of the repository under test, found from the test's output folder upwards.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>A path relative to the repository root, with forward slashes.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Coordination.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Coordination.sln above {AppContext.BaseDirectory}.");
    }
}
