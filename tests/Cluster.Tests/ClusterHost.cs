using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Silo.Apis;
using Coordination.Silo.Demo;
using Coordination.Silo.Tests;
using Coordination.Silo.Tests.Live;

namespace Coordination.Cluster.Tests;

/// <summary>The ports one host listens on: HTTP, and its silo's silo-to-silo and gateway endpoints.</summary>
public sealed record HostPorts(int Http, int Silo, int Gateway)
{
    public static HostPorts Free() => new(FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
}

/// <summary>
/// One replica of the real host in cluster mode, in a process of its own (the Silo's build output is copied next
/// to the tests) so that a test can kill it with SIGKILL: Storage:PostgreSql set, the silo advertised on
/// 127.0.0.1 on free ports, demo accounts seeded.
/// </summary>
public sealed class ClusterHost : IAsyncDisposable
{
    private static readonly TimeSpan StartUpLimit = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private ClusterHost(string name, HostPorts ports, Process process)
    {
        Name = name;
        Ports = ports;
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{ports.Http.ToString(CultureInfo.InvariantCulture)}");
    }

    public string Name { get; }

    public HostPorts Ports { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the host wrote (for failure messages).</summary>
    public string Output => string.Join(Environment.NewLine, _log);

    /// <summary>Starts a replica and returns once it answers /health/ready (database and silo).</summary>
    /// <param name="settings">Extra settings as environment variables (e.g. short deadlines).</param>
    public static async Task<ClusterHost> StartAsync(
        string name, ClusterDatabase cluster, HostPorts ports, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = HostCommand(cluster, []);
        var environment = start.Environment;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports.Http.ToString(CultureInfo.InvariantCulture)}";
        environment["Orleans__SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture);
        environment["Orleans__GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture);
        environment["Orleans__AdvertisedIp"] = "127.0.0.1";

        var host = new ClusterHost(name, ports, Process.Start(start)!);
        host.Capture();
        await host.WaitUntilReadyAsync();
        return host;
    }

    /// <summary>The migration command (<c>dotnet Coordination.Silo.dll migrate</c>), as the Kubernetes Job runs it.</summary>
    public static async Task MigrateAsync(ClusterDatabase cluster)
    {
        var start = HostCommand(cluster, ["migrate"]);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(StartUpLimit);
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The migration command exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:{Environment.NewLine}{await output}{Environment.NewLine}{await error}");
        }
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(100),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A bearer token of a demo account, issued by this replica.</summary>
    public async Task<string> SignInAsync(string email)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new TokenRequest(email, DemoData.Password));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>A started hub connection to this replica with <paramref name="token"/>, recording deltas from the first one on.</summary>
    public Task<LiveClient> ConnectAsync(string token) => LiveClient.ConnectAsync(BaseAddress, token);

    /// <summary>SIGKILL: no shutdown hooks, no leaving the cluster, no flushing; as when the machine loses power.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static ProcessStartInfo HostCommand(ClusterDatabase cluster, string[] arguments)
    {
        var directory = AppContext.BaseDirectory;
        var start = new ProcessStartInfo(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(directory, "Coordination.Silo.dll"), .. arguments, "--contentRoot", directory])
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = start.Environment;
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment["Storage__PostgreSql"] = cluster.ConnectionString;
        environment["Orleans__ServiceId"] = cluster.ServiceId;
        environment["Orleans__ClusterId"] = cluster.ClusterId;
        environment["Demo__Enabled"] = "true";
        environment["RateLimits__ReportsPerMinute"] = "100000";
        environment["RateLimits__SignInsPerMinute"] = "100000";
        // Hosts renew their delta listener every quarter of this: a replica that took over a dead one's
        // directory is back in it within seconds.
        environment["Live__Directory__ListenerExpiry"] = "00:00:20";
        // Detect a killed silo in seconds rather than Orleans' production defaults.
        environment["Orleans__Membership__ProbeTimeout"] = "00:00:02";
        environment["Orleans__Membership__NumMissedProbesLimit"] = "2";
        environment["Orleans__Membership__TableRefreshTimeout"] = "00:00:02";
        environment["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05";
        environment["Orleans__Membership__DeathVoteExpirationTimeout"] = "00:00:10";
        environment["Logging__LogLevel__Default"] = "Warning";
        environment["Logging__LogLevel__Orleans"] = "Warning";
        return start;
    }

    private void Capture()
    {
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + StartUpLimit;
        // Process start-up has no signal to await: poll readiness within a bound.
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or the silo is still joining.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        await KillAsync();
        throw new InvalidOperationException(
            $"Host {Name} at {BaseAddress} (silo port {Ports.Silo}) was not ready within {StartUpLimit.TotalSeconds} s (exited: {_process.HasExited}). Its output:{Environment.NewLine}{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 300)
        {
            _log.TryDequeue(out _);
        }
    }
}
