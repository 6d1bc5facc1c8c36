namespace Coordination.Cluster.Tests;

/// <summary>
/// The cluster suites run one after another: each starts several host processes, and two of them at once on a
/// small machine would measure the machine rather than the cluster.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterDatabases>
{
    public const string Name = "cluster";
}
