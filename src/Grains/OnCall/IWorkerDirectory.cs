namespace Coordination.Grains.OnCall;

/// <summary>The tenant's on-call social workers (accounts with the social worker role), kept by the host.</summary>
public interface IWorkerDirectory
{
    Task<IReadOnlyList<Worker>> ListAsync(string tenant, CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable, Alias("Coordination.Worker")]
public sealed record Worker(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName);
