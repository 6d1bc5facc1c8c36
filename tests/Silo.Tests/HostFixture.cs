using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.Grains.Concerns;
using Coordination.Silo.Apis;
using Coordination.Silo.Demo;
using Coordination.Silo.Tests.Live;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Coordination.Silo.Tests;

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "host";
}

/// <summary>
/// One real host for the suite: Kestrel on a free loopback port, the co-hosted silo on free ports, the
/// embedded SQLite store in a temp folder, demo mode with a second tenant seeded next to helsingborg.
/// </summary>
public sealed class HostFixture : IAsyncLifetime
{
    /// <summary>Small, so that a test can fall further behind than a catch-up answers with deltas.</summary>
    public const int CatchUpLimit = 20;

    /// <summary>How long a test waits for a signal before it fails: generous, a slow machine is not a bug.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"coordination-silo-tests-{Guid.NewGuid():N}");
    private readonly ConcurrentDictionary<string, Task<string>> _tokens = new();
    private readonly IReadOnlyDictionary<string, string> _settings;
    private CoordinationHost? _host;

    public HostFixture()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>A host of its own for a suite that needs other settings (they override the defaults below).</summary>
    internal HostFixture(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _host!.Services;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage:DataDirectory"] = _dataDirectory,
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:ServiceId"] = "coordination-tests",
            ["Orleans:ClusterId"] = "coordination-tests",
            ["Demo:Enabled"] = "true",
            ["Live:CatchUpLimit"] = CatchUpLimit.ToString(CultureInfo.InvariantCulture),
            ["RateLimits:ReportsPerMinute"] = "100000",
            ["RateLimits:SignInsPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in _settings)
        {
            settings[key] = value;
        }

        _host = new CoordinationHost(settings);
        _host.UseKestrel(0);
        await Task.Run(_host.StartServer);
        BaseAddress = _host.ClientOptions.BaseAddress;

        if (!File.Exists(Path.Combine(_dataDirectory, "coordination.db")))
        {
            throw new InvalidOperationException($"The host did not take its data folder from the test settings ({_dataDirectory}).");
        }

        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(DemoData.For(Accounts.ForeignTenant, "Testby"));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the temp folder is swept by the OS.
        }
    }

    /// <summary>A client that never follows redirects, so that a redirect to a sign-in page shows up as what it is.</summary>
    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    public async Task<HttpClient> CreateClientAsync(string email)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(email));
        return client;
    }

    /// <summary>A bearer token for a demo account (signed in once per suite).</summary>
    public Task<string> TokenAsync(string email) => _tokens.GetOrAdd(email, RequestTokenAsync);

    /// <summary>A started hub connection of the account, with its deltas recorded from the first one on.</summary>
    public async Task<LiveClient> ConnectAsync(string email)
    {
        var client = new LiveClient(CreateHubConnection(await TokenAsync(email)));
        await client.StartAsync();
        return client;
    }

    public HubConnection CreateHubConnection(string? token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "/hubs/coordination"), options =>
            {
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();

    /// <summary>Reports a concern over the API as the account, and checks that it was accepted.</summary>
    public async Task<ReportStatus> ReportAsync(string email, ReportConcernRequest? report = null)
    {
        using var client = await CreateClientAsync(email);
        using var response = await client.PostAsJsonAsync("/api/concerns", report ?? Reports.FromHotel(), Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReportStatus>(Json))!;
    }

    private async Task<string> RequestTokenAsync(string email)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new TokenRequest(email, DemoData.Password));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("accessToken").GetString()!;
    }

    private sealed class CoordinationHost(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(Environments.Development);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
