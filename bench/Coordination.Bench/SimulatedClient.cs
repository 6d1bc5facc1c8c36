using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Coordination.Bench;

/// <summary>One delta as received: when, for which audience (index into the client's audiences), about what.</summary>
public readonly record struct Receipt(long Timestamp, Guid ConcernId, DeltaKind Kind, byte Audience);

/// <summary>One hub message as received: when, for which audience, how many deltas.</summary>
public readonly record struct MessageArrival(long Timestamp, byte Audience, int Deltas);

/// <summary>
/// A board, partner member or worker: one hub connection with a bearer token, recording each delta's arrival
/// time and checking each audience's sequence (duplicates, gaps) and that every audience is its own.
/// </summary>
public sealed class SimulatedClient : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Receipt> _receipts = [];
    private readonly List<MessageArrival> _messages = [];
    private readonly List<AlertReceipt> _alertReceipts = [];
    private long[] _lastSequence = [];
    private long _lastArrival;

    private SimulatedClient(Accounts.Account account, HubConnection connection)
    {
        Account = account;
        Connection = connection;
        Connection.On<DeltasMessage>("Deltas", OnDeltas);
    }

    public Accounts.Account Account { get; }

    public HubConnection Connection { get; }

    /// <summary>The audiences the server says this connection receives.</summary>
    public string[] Audiences { get; private set; } = [];

    public int Duplicates { get; private set; }

    public int GapDeltas { get; private set; }

    /// <summary>Messages for an audience the connection does not follow.</summary>
    public int ForeignAudienceMessages { get; private set; }

    /// <summary>Called with the alert's id when an alert.sent delta arrives for one of this connection's organisation audiences.</summary>
    public Action<Guid>? OnAlertSent { get; set; }

    public static async Task<SimulatedClient> ConnectAsync(Uri baseAddress, Accounts.Account account, string token, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/coordination"), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                // WebSockets straight away: a negotiate round trip per connection only slows the set-up.
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(120);
        connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
        var client = new SimulatedClient(account, connection);
        await connection.StartAsync(cancellationToken);
        // The server answers invocations after it joined the connection to its groups.
        var audiences = await connection.InvokeAsync<string[]>("GetAudiences", cancellationToken);
        lock (client._gate)
        {
            client.Audiences = audiences;
            client._lastSequence = new long[audiences.Length];
        }

        return client;
    }

    /// <summary>Stopwatch timestamp of the last message received.</summary>
    public long LastArrival => Volatile.Read(ref _lastArrival);

    public int AudienceIndex(string audience) => Array.IndexOf(Audiences, audience);

    /// <summary>Takes what was recorded so far and starts afresh (between warm-up and measurement).</summary>
    public (List<Receipt> Receipts, List<MessageArrival> Messages) Snapshot()
    {
        lock (_gate)
        {
            return ([.. _receipts], [.. _messages]);
        }
    }

    public List<AlertReceipt> AlertReceipts()
    {
        lock (_gate)
        {
            return [.. _alertReceipts];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _receipts.Clear();
            _messages.Clear();
            _alertReceipts.Clear();
        }
    }

    private void OnDeltas(DeltasMessage message)
    {
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastArrival, now);
        List<Guid>? alertsSent = null;
        lock (_gate)
        {
            var audience = Array.IndexOf(Audiences, message.Audience);
            if (audience < 0)
            {
                ForeignAudienceMessages++;
                return;
            }

            _messages.Add(new MessageArrival(now, (byte)audience, message.Deltas.Count));
            foreach (var delta in message.Deltas)
            {
                var last = _lastSequence[audience];
                if (last != 0 && delta.Sequence <= last)
                {
                    Duplicates++;
                    continue;
                }

                if (last != 0 && delta.Sequence > last + 1)
                {
                    GapDeltas += (int)(delta.Sequence - last - 1);
                }

                _lastSequence[audience] = delta.Sequence;
                if (AlertReceipt.KindOf(delta.Type) is { } alertKind)
                {
                    var alertId = delta.Data?.Id ?? Guid.Empty;
                    _alertReceipts.Add(new AlertReceipt(now, alertId, alertKind, (byte)audience, AlertReceipt.AcknowledgedIn(delta.Data)));
                    if (alertKind == AlertDeltaKind.Sent && message.Audience != Accounts.CoordinatorsAudience && OnAlertSent is not null)
                    {
                        (alertsSent ??= []).Add(alertId);
                    }

                    continue;
                }

                _receipts.Add(new Receipt(now, delta.Data?.ConcernId ?? Guid.Empty, Json.KindOf(delta), (byte)audience));
            }
        }

        // Outside the lock: the acknowledgement is an HTTP call.
        foreach (var alertId in alertsSent ?? [])
        {
            OnAlertSent?.Invoke(alertId);
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
