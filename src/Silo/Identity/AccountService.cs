using Coordination.Dashboard.Services;
using Coordination.Silo.Demo;
using Coordination.Silo.Options;
using Coordination.Silo.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Identity;

/// <summary>The dashboard's account operations over ASP.NET Core Identity.</summary>
public sealed class AccountService(
    SignInManager<CoordinationUser> signIn,
    CoordinationDbContext db,
    IOptions<DemoOptions> demo) : IAccountService
{
    private static readonly DemoData.DemoTenant DemoTenant = DemoData.For(DemoData.DefaultTenant, "Helsingborg");

    public IReadOnlyList<DemoAccountInfo> DemoAccounts => demo.Value.Enabled
        ? [.. DemoTenant.Accounts.Select(a => new DemoAccountInfo(a.Email, a.DisplayName, a.Role,
            DemoTenant.Organisations.First(o => o.Id == a.OrganisationId).Name))]
        : [];

    public string? DemoPassword => demo.Value.Enabled ? DemoData.Password : null;

    public async Task<SignInOutcome> SignInAsync(string email, string password)
    {
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        var result = await signIn.PasswordSignInAsync(email, password, isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded ? SignInOutcome.SignedIn
            : result.IsLockedOut ? SignInOutcome.LockedOut
            : SignInOutcome.WrongCredentials;
    }

    public Task<int> CountPeopleAsync(string tenant, IReadOnlyCollection<string> organisationIds) =>
        db.Users.CountAsync(u => u.Tenant == tenant && organisationIds.Contains(u.OrganisationId));

    public async Task<IReadOnlyDictionary<string, string>> GetDisplayNamesAsync(string tenant, IEnumerable<string> userIds)
    {
        var ids = userIds.ToList();
        return await db.Users.AsNoTracking()
            .Where(u => u.Tenant == tenant && ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName);
    }
}
