using System.Net.Sockets;
using Coordination.Silo.Options;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Coordination.Silo.Notifications;

/// <summary>
/// Sends over SMTP with MailKit: one connection per batch, a few attempts with growing pauses when the server
/// cannot be reached or answers "try later"; a recipient the server refuses for good is not tried again.
/// </summary>
public sealed class SmtpDelivery(IOptions<MailOptions> options, TimeProvider time, ILogger<SmtpDelivery> logger) : IMailDelivery
{
    public static readonly IReadOnlyList<TimeSpan> Pauses = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];

    public async Task DeliverAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken)
    {
        var pending = new Queue<MimeMessage>(messages);
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            try
            {
                await SendAsync(pending, cancellationToken);
                logger.LogInformation("Sent alert e-mail to {Count} contact person(s)", messages.Count);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (pending.Count == 0)
                {
                    // Every e-mail was handed over; only saying goodbye failed.
                    return;
                }

                // The exception's message may quote an address back: only its kind and status codes are logged.
                if (attempt > Pauses.Count)
                {
                    logger.LogError("Gave up sending {Count} alert e-mail(s) after {Attempts} attempts: {Failure}", pending.Count, attempt, Describe(exception));
                    return;
                }

                var pause = Pauses[attempt - 1];
                logger.LogWarning("Sending {Count} alert e-mail(s) failed ({Failure}); trying again in {Pause}", pending.Count, Describe(exception), pause);
                await Task.Delay(pause, time, cancellationToken);
            }
        }
    }

    private async Task SendAsync(Queue<MimeMessage> pending, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(30).TotalMilliseconds };
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password!, cancellationToken);
        }

        while (pending.TryPeek(out var message))
        {
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500)
            {
                logger.LogError("The SMTP server refused an alert e-mail for good: {Failure}", Describe(refused));
            }

            pending.Dequeue();
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    private static string Describe(Exception exception) => exception switch
    {
        SmtpCommandException command => $"{command.ErrorCode}, SMTP {(int)command.StatusCode}",
        SmtpProtocolException => "SMTP protocol error",
        AuthenticationException => "authentication failed",
        SocketException socket => $"network: {socket.SocketErrorCode}",
        ServiceNotConnectedException or IOException => "connection lost",
        _ => exception.GetType().Name,
    };
}
