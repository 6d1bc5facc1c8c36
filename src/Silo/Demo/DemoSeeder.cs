using Coordination.Grains.Security;
using Coordination.Silo.Identity;
using Coordination.Silo.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Silo.Demo;

/// <summary>Seeds a demo tenant once; running it again changes nothing.</summary>
public sealed class DemoSeeder(
    CoordinationDbContext db,
    UserManager<CoordinationUser> users,
    RoleManager<IdentityRole> roles,
    OrganisationDirectory directory,
    TimeProvider time)
{
    public async Task SeedAsync(DemoData.DemoTenant tenant, CancellationToken cancellationToken = default)
    {
        foreach (var role in RoleNames.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }

        if (!await db.Tenants.AnyAsync(t => t.Id == tenant.Id, cancellationToken))
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            db.Tenants.Add(new TenantRecord { Id = tenant.Id, Name = tenant.Name, Areas = [.. tenant.Areas] });
            db.Organisations.AddRange(tenant.Organisations.Select((o, i) => new OrganisationRecord
            {
                Tenant = tenant.Id,
                Id = o.Id,
                Name = o.Name,
                Kind = o.Kind,
                Areas = [.. o.Areas],
                Joined = today.AddMonths(-6 - i),
                AgreementSigned = o.Agreement ? today.AddMonths(-5 - i) : null,
                TrainedStaff = o.TrainedStaff,
                TrainedOn = o.TrainedStaff > 0 ? today.AddMonths(-2) : null,
            }));
            await db.SaveChangesAsync(cancellationToken);
            directory.Invalidate(tenant.Id);
        }

        foreach (var account in tenant.Accounts)
        {
            if (await users.FindByEmailAsync(account.Email) is not null)
            {
                continue;
            }

            var user = new CoordinationUser
            {
                UserName = account.Email,
                Email = account.Email,
                EmailConfirmed = true,
                Tenant = tenant.Id,
                OrganisationId = account.OrganisationId,
                DisplayName = account.DisplayName,
            };
            Check(await users.CreateAsync(user, DemoData.Password));
            Check(await users.AddToRoleAsync(user, account.Role));
        }
    }

    /// <summary>Outside demo mode, any account that still opens with the published demo password stops the host.</summary>
    public async Task<IReadOnlyList<string>> FindAccountsWithDemoPasswordAsync(DemoData.DemoTenant tenant)
    {
        var found = new List<string>();
        foreach (var account in tenant.Accounts)
        {
            if (await users.FindByEmailAsync(account.Email) is { } user && await users.CheckPasswordAsync(user, DemoData.Password))
            {
                found.Add(account.Email);
            }
        }

        return found;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding demo data failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
