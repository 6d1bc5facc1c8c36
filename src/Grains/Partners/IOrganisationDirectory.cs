namespace Coordination.Grains.Partners;

/// <summary>Master data of tenants and their partner organisations (kept by the host in the database).</summary>
public interface IOrganisationDirectory
{
    Task<Organisation?> FindAsync(string tenant, string organisationId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Organisation>> ListAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>The districts a tenant's concerns are placed in.</summary>
    Task<IReadOnlyList<string>> GetAreasAsync(string tenant, CancellationToken cancellationToken = default);
}
