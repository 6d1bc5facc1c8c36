using Coordination.Grains.Security;
using Coordination.Silo.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Silo.Notifications;

/// <summary>An organisation's contact persons: its partner admins, with a confirmed e-mail address.</summary>
public sealed class ContactPersons(IDbContextFactory<CoordinationDbContext> contexts)
{
    public async Task<IReadOnlyList<string>> EmailsAsync(string tenant, IReadOnlyList<string> organisationIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var emails = await (
                from user in db.Users
                where user.Tenant == tenant && organisationIds.Contains(user.OrganisationId)
                    && user.EmailConfirmed && user.Email != null && user.Email != ""
                join userRole in db.UserRoles on user.Id equals userRole.UserId
                join role in db.Roles on userRole.RoleId equals role.Id
                where role.Name == RoleNames.PartnerAdmin
                select user.Email!)
            .Distinct()
            .ToListAsync(cancellationToken);
        return [.. emails.Order(StringComparer.OrdinalIgnoreCase)];
    }
}
