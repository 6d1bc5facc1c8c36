using System.Threading.Channels;
using Coordination.Grains.Alerts;
using Coordination.Silo.Options;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Notifications;

/// <summary>
/// This host's queue of alert e-mails. The alert grain drops a request in after its commit and goes on; the
/// queue finds the addressed organisations' contact persons and hands one e-mail per person to the delivery.
/// A full queue drops the request rather than hold up a grain (the alert itself still reaches the dashboard);
/// so does a crash before it is sent: the e-mail is a courtesy, the banner and the reminder are the record.
/// </summary>
public sealed class AlertMailQueue(
    ContactPersons contactPersons,
    IMailDelivery delivery,
    IOptions<MailOptions> options,
    ILogger<AlertMailQueue> logger) : BackgroundService, IAlertMail
{
    public const int Capacity = 1000;

    private readonly Channel<Request> _requests = Channel.CreateBounded<Request>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>Raised when a request was handled, with the number of contact persons it went to (tests await it).</summary>
    public event Action<Guid, AlertMailReason, int>? Handled;

    public void AlertAwaiting(string tenant, Guid alertId, IReadOnlyList<string> organisationIds, AlertMailReason reason)
    {
        if (organisationIds.Count > 0 && !_requests.Writer.TryWrite(new Request(tenant, alertId, organisationIds, reason)))
        {
            logger.LogWarning("The alert e-mail queue is full: the {Reason} e-mail of alert {AlertId} is not sent", reason, alertId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in _requests.Reader.ReadAllAsync(stoppingToken))
        {
            var count = 0;
            try
            {
                var recipients = await contactPersons.EmailsAsync(request.Tenant, request.OrganisationIds, stoppingToken);
                count = recipients.Count;
                if (count > 0)
                {
                    await delivery.DeliverAsync([.. recipients.Select(r => AlertMailMessage.Compose(options.Value, r, request.Reason))], stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Finding the recipients or writing the files failed; SMTP failures are handled (and logged without addresses) by the delivery.
                logger.LogWarning(exception, "The {Reason} e-mail of alert {AlertId} could not be sent", request.Reason, request.AlertId);
            }

            Handled?.Invoke(request.AlertId, request.Reason, count);
        }
    }

    private sealed record Request(string Tenant, Guid AlertId, IReadOnlyList<string> OrganisationIds, AlertMailReason Reason);
}
