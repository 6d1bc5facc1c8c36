using System.Buffers;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Coordination.Silo.Tests.Alerts;

public sealed record ReceivedMail(IReadOnlyList<string> Recipients, MimeMessage Message)
{
    public string Subject => Message.Subject ?? "";

    public string Text => Message.TextBody ?? "";
}

/// <summary>A real SMTP server on a free loopback port that keeps what it receives; a test awaits the e-mail it expects.</summary>
public sealed class SmtpInbox : MessageStore, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedMail> _received = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _arrived = NewSignal();
    private Task _server = Task.CompletedTask;

    public int Port { get; } = FreePorts.Next();

    public IReadOnlyList<ReceivedMail> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(this);
        _server = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public override async Task<SmtpResponse> SaveAsync(
        ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer.ToArray());
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _received.Add(new ReceivedMail([.. transaction.To.Select(to => to.AsAddress())], message));
            arrived = _arrived;
            _arrived = NewSignal();
        }

        arrived.TrySetResult();
        return SmtpResponse.Ok;
    }

    /// <summary>
    /// The first e-mail after the first <paramref name="skip"/> (already received or still to come) that matches;
    /// fails after <see cref="HostFixture.Patience"/>.
    /// </summary>
    public async Task<ReceivedMail> WaitForAsync(string description, Func<ReceivedMail, bool> match, int skip = 0)
    {
        using var patience = new CancellationTokenSource(HostFixture.Patience);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (_received.Skip(skip).FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                arrived = _arrived.Task;
            }

            try
            {
                await arrived.WaitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No e-mail {description} within {HostFixture.Patience.TotalSeconds} s; received {All.Count}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _server;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
