using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Silo.Apis;
using Coordination.Silo.Demo;
using Coordination.Silo.Tests.Live;

namespace Coordination.Silo.Tests.Durability;

/// <summary>
/// The real host as operators run it, in a process of its own (the Silo's build output is copied next to
/// the tests), so that a test can kill it without warning and start it again on the same data folder.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartUpLimit = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts the host on free ports and returns once it answers /health/ready.</summary>
    public static async Task<HostProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var directory = AppContext.BaseDirectory;
        var baseAddress = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var start = new ProcessStartInfo(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(directory, "Coordination.Silo.dll"), "--contentRoot", directory])
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = start.Environment;
        environment["ASPNETCORE_URLS"] = baseAddress.ToString();
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment["Storage__DataDirectory"] = dataDirectory;
        environment["Orleans__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        environment["Orleans__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        environment["Demo__Enabled"] = "true";
        environment["RateLimits__ReportsPerMinute"] = "100000";
        environment["RateLimits__SignInsPerMinute"] = "100000";
        environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var host = new HostProcess(Process.Start(start)!, baseAddress);
        host._process.OutputDataReceived += (_, line) => host.Keep(line.Data);
        host._process.ErrorDataReceived += (_, line) => host.Keep(line.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        await host.WaitUntilReadyAsync();
        return host;
    }

    public HttpClient CreateClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    public async Task<HttpClient> CreateClientAsync(string email)
    {
        var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new TokenRequest(email, DemoData.Password));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A started hub client of the signed-in account, recording its deltas.</summary>
    public async Task<LiveClient> ConnectAsync(string email)
    {
        using var client = await CreateClientAsync(email);
        return await LiveClient.ConnectAsync(BaseAddress, client.DefaultRequestHeaders.Authorization!.Parameter!);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as when the machine loses power.</summary>
    public async Task CrashAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await CrashAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
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
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        await CrashAsync();
        throw new InvalidOperationException(
            $"The host at {BaseAddress} was not ready within {StartUpLimit.TotalSeconds} s (exited: {_process.HasExited}). Its output:{Environment.NewLine}{string.Join(Environment.NewLine, _log)}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 200)
        {
            _log.TryDequeue(out _);
        }
    }
}
