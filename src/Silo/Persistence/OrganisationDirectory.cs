using Coordination.Grains.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Coordination.Silo.Persistence;

/// <summary>Reads the directory from the database; master data changes rarely, so it is cached briefly.</summary>
public sealed class OrganisationDirectory(IDbContextFactory<CoordinationDbContext> contexts, IMemoryCache cache) : IOrganisationDirectory
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<Organisation?> FindAsync(string tenant, string organisationId, CancellationToken cancellationToken = default) =>
        (await ListAsync(tenant, cancellationToken)).FirstOrDefault(o => o.Id == organisationId);

    public async Task<IReadOnlyList<Organisation>> ListAsync(string tenant, CancellationToken cancellationToken = default) =>
        await cache.GetOrCreateAsync(("organisations", tenant), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var records = await db.Organisations.AsNoTracking().Where(o => o.Tenant == tenant).OrderBy(o => o.Name).ToListAsync(cancellationToken);
            return (IReadOnlyList<Organisation>)[.. records.Select(r => r.ToOrganisation())];
        }) ?? [];

    public async Task<IReadOnlyList<string>> GetAreasAsync(string tenant, CancellationToken cancellationToken = default) =>
        await cache.GetOrCreateAsync(("areas", tenant), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var record = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenant, cancellationToken);
            return (IReadOnlyList<string>)(record?.Areas ?? []);
        }) ?? [];

    /// <summary>Forget cached entries after the directory was changed (seeding, administration).</summary>
    public void Invalidate(string tenant)
    {
        cache.Remove(("organisations", tenant));
        cache.Remove(("areas", tenant));
    }
}
