using System.Net;
using System.Net.Sockets;
using Coordination.Grains;
using Coordination.Grains.Concerns;
using Coordination.Grains.Security;
using Coordination.Silo.Live;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>
/// One host (Kestrel on a free loopback port, SQLite in a temp folder, demo data) and one Chromium for the
/// whole suite; each test opens its own browser contexts.
/// </summary>
public sealed class DashboardHost : IAsyncLifetime
{
    /// <summary>Short enough that a test sees the host's listener registration expire and be renewed several times.</summary>
    public static readonly TimeSpan ListenerExpiry = TimeSpan.FromSeconds(2);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("coordination-browser-").FullName;
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    public IServiceProvider Services => _factory!.Services;

    public static string ArtifactsDirectory { get; } = Path.Combine(FindRepositoryRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Storage:DataDirectory", _dataDirectory);
            web.UseSetting("Orleans:SiloPort", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Orleans:GatewayPort", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Demo:Enabled", "true");
            web.UseSetting("RateLimits:ReportsPerMinute", "10000");
            web.UseSetting("RateLimits:SignInsPerMinute", "10000");
            web.UseSetting("Live:Directory:ListenerExpiry", ListenerExpiry.ToString());
        });
        _factory.UseKestrel(FreePorts.Next());
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        // Pages on a loaded machine can take a while (all suites share two cores in CI, and a report's submit waits for
        // the database's fsync): assertions and actions wait for the change, as long as it takes.
        Assertions.SetDefaultExpectTimeout(60_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    /// <summary>A signed-in browser context for a demo account, in the given language, on a desktop screen unless a viewport is given.</summary>
    public async Task<IPage> SignInAsync(string account, string culture = "sv", ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = viewport ?? new ViewportSize { Width = 1440, Height = 1000 },
            Locale = culture == "sv" ? "sv-SE" : "en-GB",
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/culture/set?culture={culture}&redirectUri=%2Faccount%2Flogin");
        await page.Locator("#email").FillAsync($"{account}@helsingborg.demo.example");
        await page.Locator("#password").FillAsync("Demo-2026!");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        return page;
    }

    /// <summary>A concern of the test's own, reported by the second hotel through its grain, whichever tests ran before.</summary>
    public async Task<Guid> SeedConcernAsync()
    {
        var id = Guid.NewGuid();
        var hotelMember = new Caller("helsingborg", "seed-hotel2", "hotell-sundsutsikten", CallerRoles.PartnerMember);
        await Services.GetRequiredService<IGrainFactory>().GetGrain<IConcernGrain>(GrainKeys.For("helsingborg", id))
            .Report(hotelMember, new ReportConcern(PlaceKind.Hotel, "Söder", DateTimeOffset.UtcNow.AddHours(-1), ["no-luggage"], null, Urgency.Normal));
        return id;
    }

    /// <summary>Opens a page and waits until its circuit is interactive, so that clicks reach the server.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("main[data-interactive=true]").WaitForAsync();
    }

    /// <summary>Completes after the host has renewed its listener registration <paramref name="times"/> more times.</summary>
    public Task WaitForListenerRenewalsAsync(int times)
    {
        var registration = Services.GetRequiredService<ListenerRegistration>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        void OnRenewed()
        {
            if (Interlocked.Increment(ref seen) >= times)
            {
                registration.Renewed -= OnRenewed;
                done.TrySetResult();
            }
        }

        registration.Renewed += OnRenewed;
        return done.Task;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Coordination.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardHost>
{
    public const string Name = "dashboard";
}
