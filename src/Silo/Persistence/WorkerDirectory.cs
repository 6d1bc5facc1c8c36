using Coordination.Grains.OnCall;
using Coordination.Grains.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Coordination.Silo.Persistence;

/// <summary>The tenant's accounts in the social worker role, from ASP.NET Core Identity; cached briefly like the organisations.</summary>
public sealed class WorkerDirectory(IDbContextFactory<CoordinationDbContext> contexts, IMemoryCache cache) : IWorkerDirectory
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<Worker>> ListAsync(string tenant, CancellationToken cancellationToken = default) =>
        await cache.GetOrCreateAsync(("workers", tenant), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var workers = await (
                from user in db.Users.AsNoTracking()
                join membership in db.UserRoles on user.Id equals membership.UserId
                join role in db.Roles on membership.RoleId equals role.Id
                where user.Tenant == tenant && role.Name == RoleNames.SocialWorker
                orderby user.DisplayName
                select new Worker(user.Id, user.DisplayName)).ToListAsync(cancellationToken);
            return (IReadOnlyList<Worker>)workers;
        }) ?? [];

    public void Invalidate(string tenant) => cache.Remove(("workers", tenant));
}
