using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Silo.Tests.Live;

/// <summary>A hub connection as a partner system uses it, recording every delta it receives.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    public LiveClient(HubConnection connection)
    {
        Connection = connection;
        Connection.On<DeltasMessage>("Deltas", Deltas.Record);
    }

    public HubConnection Connection { get; }

    /// <summary>A started client of the hub at <paramref name="baseAddress"/>, signed in with <paramref name="token"/>.</summary>
    public static async Task<LiveClient> ConnectAsync(Uri baseAddress, string token)
    {
        var client = new LiveClient(new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/coordination"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build());
        await client.StartAsync();
        return client;
    }

    public DeltaRecorder Deltas { get; } = new();

    public IReadOnlyList<string> Audiences { get; private set; } = [];

    public async Task StartAsync()
    {
        await Connection.StartAsync();
        // The server joins the connection to its groups after the handshake, and answers invocations only after
        // that: once this returns, no delta of the connection's audiences can pass it by.
        Audiences = await Connection.InvokeAsync<IReadOnlyList<string>>("GetAudiences");
    }

    public Task StopAsync() => Connection.StopAsync();

    public async Task<Snapshot> GetSnapshotAsync(string audience) =>
        Assert.Single(await Connection.InvokeAsync<IReadOnlyList<Snapshot>>("GetSnapshot"), snapshot => snapshot.Audience == audience);

    public Task<IReadOnlyList<Snapshot>> GetSnapshotsAsync() => Connection.InvokeAsync<IReadOnlyList<Snapshot>>("GetSnapshot");

    public Task<CatchUpAnswer> CatchUpAsync(string audience, long afterSequence) =>
        Connection.InvokeAsync<CatchUpAnswer>("CatchUp", audience, afterSequence);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
