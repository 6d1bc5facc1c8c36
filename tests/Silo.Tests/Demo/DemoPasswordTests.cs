using Coordination.Silo.Demo;
using Coordination.Silo.Identity;
using Coordination.Silo.Tests.Durability;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Silo.Tests.Demo;

/// <summary>Outside demo mode no account may still open with the published demo password.</summary>
[Collection(HostCollection.Name)]
public sealed class DemoPasswordTests(HostFixture host) : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"coordination-demo-password-{Guid.NewGuid():N}");

    [Fact]
    public async Task DemoPasswordCheck_FindsEverySeededAccount_ButNotOneWhosePasswordChanged()
    {
        var tenant = DemoData.For("provstad", "Provstad");
        await using var scope = host.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CoordinationUser>>();
        await seeder.SeedAsync(tenant);
        var changed = tenant.Accounts[0].Email;
        var user = (await users.FindByEmailAsync(changed))!;
        Assert.True((await users.ChangePasswordAsync(user, DemoData.Password, "Ett-annat-losenord-1")).Succeeded);

        var exposed = await seeder.FindAccountsWithDemoPasswordAsync(tenant);

        Assert.Equal(tenant.Accounts.Skip(1).Select(a => a.Email), exposed);
    }

    [Fact]
    public async Task OutsideDemoMode_TheHostRefusesToStart_WhileDemoAccountsKeepTheDemoPassword()
    {
        await using (var demo = await HostProcess.StartAsync(_dataDirectory))
        {
            using var _ = await demo.CreateClientAsync(Accounts.Coordinator());
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            // Should it start after all, it is stopped here and the assertion fails.
            await using var started = await HostProcess.StartAsync(_dataDirectory, new Dictionary<string, string> { ["Demo__Enabled"] = "false" });
        });

        Assert.Contains("still have the published demo password", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is swept by the OS.
        }
    }
}
