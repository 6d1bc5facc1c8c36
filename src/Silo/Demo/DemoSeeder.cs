using System.Text.Json;
using Coordination.Grains.OnCall;
using Coordination.Grains.OnCall.Events;
using Coordination.Grains.Security;
using Coordination.Grains.Storage;
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
    WorkerDirectory workers,
    IEventStore store,
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

        // PBKDF2 is slow on purpose (tens of milliseconds a hash): the demo accounts share one hash of the
        // published password, and are written in one transaction (one commit, not two per account).
        string? passwordHash = null;
        await using var accounts = await db.Database.BeginTransactionAsync(cancellationToken);
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
            user.PasswordHash = passwordHash ??= users.PasswordHasher.HashPassword(user, DemoData.Password);
            Check(await users.CreateAsync(user));
            Check(await users.AddToRoleAsync(user, account.Role));
        }

        await accounts.CommitAsync(cancellationToken);
        workers.Invalidate(tenant.Id);
        await SeedRosterAsync(tenant, cancellationToken);
    }

    /// <summary>
    /// A primary and a back-up layer, each a weekly rotation of the demo workers handing over on Mondays at 08:00,
    /// so that two people are on shift whenever the demo is opened.
    /// </summary>
    private async Task SeedRosterAsync(DemoData.DemoTenant tenant, CancellationToken cancellationToken)
    {
        if (await store.ReadSnapshotAsync(tenant.Id, OnCallGrain.Stream, cancellationToken) is not null)
        {
            return;
        }

        var ids = new List<string>();
        foreach (var account in tenant.Accounts.Where(a => a.Role == RoleNames.SocialWorker))
        {
            ids.Add((await users.FindByEmailAsync(account.Email))!.Id);
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), RosterPolicy.CityZone).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) - 7);
        var roster = new Roster(
            [
                new RotationLayer("primar", "Primärjour", [.. ids], monday, new TimeOnly(8, 0), 7, null, null),
                new RotationLayer("bakjour", "Bakjour", [.. ids.Skip(1), .. ids.Take(1)], monday, new TimeOnly(8, 0), 7, null, null),
            ],
            [],
            []);
        var change = new RosterChanged(roster);
        var state = new OnCallState();
        var now = time.GetUtcNow();
        state.Apply(change, now);
        await store.AppendAsync(new AppendRequest(
            tenant.Id, OnCallGrain.Stream, 0,
            [new NewEvent(change.Type, "demo", now, JsonSerializer.Serialize<OnCallEvent>(change, StoreJson.Options))],
            JsonSerializer.Serialize(state, StoreJson.Options),
            ConcernIndex: null,
            []), cancellationToken);
    }

    /// <summary>Outside demo mode, any account that still opens with the published demo password stops the host.</summary>
    /// <remarks>
    /// A stored hash carries its own salt, so checking it is one PBKDF2 hash; accounts that share a stored hash
    /// (as seeded) share the answer, and it is computed once.
    /// </remarks>
    public async Task<IReadOnlyList<string>> FindAccountsWithDemoPasswordAsync(DemoData.DemoTenant tenant)
    {
        var opensByHash = new Dictionary<string, bool>(StringComparer.Ordinal);
        var found = new List<string>();
        foreach (var account in tenant.Accounts)
        {
            if (await users.FindByEmailAsync(account.Email) is not { PasswordHash: { } hash } user)
            {
                continue;
            }

            if (!opensByHash.TryGetValue(hash, out var opens))
            {
                opensByHash[hash] = opens = await users.CheckPasswordAsync(user, DemoData.Password);
            }

            if (opens)
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
