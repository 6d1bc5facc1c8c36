using System.Diagnostics;
using Coordination.Silo.Options;
using Coordination.Silo.Persistence;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Demo;

/// <summary>
/// In demo mode, seeds the demo tenant while the silo starts: seeding begins before any hosted service starts,
/// and this service, registered after the silo, holds the rest of the start (Kestrel included) until it is
/// done, so that the host still answers nothing, and is not ready, before the demo accounts can sign in.
/// </summary>
public sealed class DemoSeedingService(
    IServiceScopeFactory scopes,
    IOptions<DemoOptions> options,
    CoordinationDatabase database,
    ILogger<DemoSeedingService> logger) : IHostedLifecycleService
{
    private Task _seeding = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            _seeding = Task.Run(() => SeedAsync(cancellationToken), cancellationToken);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => _seeding.WaitAsync(cancellationToken);

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var tenant = DemoData.For(DemoData.DefaultTenant, "Helsingborg");
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(tenant, cancellationToken);
        }

        logger.LogInformation("Demo tenant {Tenant} seeded in {Elapsed} ms", tenant.Id, clock.ElapsedMilliseconds);
        PrintDemoAccounts(tenant);
    }

    private void PrintDemoAccounts(DemoData.DemoTenant tenant)
    {
        Console.WriteLine();
        Console.WriteLine($"Demo mode: tenant '{tenant.Id}'. Every demo account's password is {DemoData.Password}");
        foreach (var account in tenant.Accounts)
        {
            Console.WriteLine($"  {account.Role,-14} {account.Email,-45} {account.DisplayName}");
        }

        Console.WriteLine($"Data: {database.FilePath ?? "PostgreSQL"}");
        Console.WriteLine();
    }
}
