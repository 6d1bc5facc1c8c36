using System.Diagnostics;
using HdrHistogram;

namespace Coordination.Bench;

/// <summary>
/// Matches every alert delta each client received to the send or acknowledgement it answers, like
/// <see cref="Analysis"/> does for concerns. An alert is expected at every connection following the coordinators'
/// audience and at every connection following an addressed organisation's audience; an acknowledgement at every
/// coordinators' connection and every connection of the acknowledging organisation. An alert delta on another
/// organisation's audience is foreign.
/// </summary>
public static class AlertAnalysis
{
    private const long HighestMicroseconds = 120_000_000;

    /// <summary>The two rows of an alert run: the sends, and the acknowledgements. Message counts and sequence errors (duplicates, gaps) are the run's, given with the sends.</summary>
    public static (Delivery Sent, Delivery Acknowledged) Reconcile(
        IReadOnlyList<SimulatedClient> clients, IReadOnlyList<AlertRecord> alerts, IReadOnlyList<AcknowledgementRecord> acknowledgements,
        int run, long windowStart, long sendEnd, long windowEnd, TimeSpan deadline)
    {
        // Read once: a call still unanswered after the drain may be answered while this runs.
        var answered = alerts.Where(a => a.Ok).ToHashSet();
        var byId = new Dictionary<Guid, AlertRecord>();
        foreach (var alert in answered)
        {
            byId[alert.AlertId] = alert;
        }

        var acknowledgementOf = new Dictionary<(Guid, string), AcknowledgementRecord>();
        foreach (var acknowledgement in acknowledgements)
        {
            acknowledgementOf.TryAdd((acknowledgement.AlertId, acknowledgement.Organisation), acknowledgement);
        }

        var measured = alerts.Where(a => a.Measured && a.Run == run).ToList();
        var ok = measured.Where(answered.Contains).ToList();
        var measuredAcknowledgements = acknowledgements
            .Where(a => byId.TryGetValue(a.AlertId, out var alert) && alert.Measured && alert.Run == run).ToList();
        var okAcknowledgements = measuredAcknowledgements.Where(a => a.Ok).ToHashSet();
        var deadlineTicks = (long)(deadline.TotalSeconds * Stopwatch.Frequency);

        var sent = new Row(ok.Select(a => a.SentAt));
        var acknowledged = new Row(okAcknowledgements.Select(a => a.SentAt));
        foreach (var alert in measured.Where(a => a.DoneAt > 0))
        {
            sent.Api.RecordValue(Microseconds(alert.DoneAt - alert.SentAt));
        }

        foreach (var acknowledgement in measuredAcknowledgements.Where(a => a.DoneAt > 0))
        {
            acknowledged.Api.RecordValue(Microseconds(acknowledgement.DoneAt - acknowledgement.SentAt));
        }

        long messages = 0, deltas = 0, duplicates = 0, gaps = 0, foreignAudience = 0;
        double sumRates = 0, maxRate = 0, maxPerSecond = 0;
        var audienceCount = 0;
        var windowSeconds = Math.Max(1e-9, (sendEnd - windowStart) / (double)Stopwatch.Frequency);
        foreach (var client in clients)
        {
            duplicates += client.Duplicates;
            gaps += client.GapDeltas;
            foreignAudience += client.ForeignAudienceMessages;
            var follows = client.Audiences;
            var coordinators = Array.IndexOf(follows, Accounts.CoordinatorsAudience) >= 0;
            foreach (var alert in ok)
            {
                sent.Expected += (coordinators ? 1 : 0) + alert.Organisations.Count(o => Array.IndexOf(follows, Accounts.OrganisationAudience(o)) >= 0);
            }

            foreach (var acknowledgement in okAcknowledgements)
            {
                acknowledged.Expected += (coordinators ? 1 : 0) + (Array.IndexOf(follows, Accounts.OrganisationAudience(acknowledgement.Organisation)) >= 0 ? 1 : 0);
            }

            // The acknowledgements already seen per alert and audience: a coordinators' delta names all of them so far.
            var named = new Dictionary<(Guid, byte), HashSet<string>>();
            var seen = new HashSet<(object, byte)>();
            foreach (var receipt in client.AlertReceipts())
            {
                if (receipt.Kind == AlertDeltaKind.Other)
                {
                    continue;
                }

                if (!byId.TryGetValue(receipt.AlertId, out var alert))
                {
                    sent.Unknown++;
                    continue;
                }

                var audience = follows[receipt.Audience];
                var toCoordinators = audience == Accounts.CoordinatorsAudience;
                if (!toCoordinators && !alert.Organisations.Any(o => audience == Accounts.OrganisationAudience(o)))
                {
                    (receipt.Kind == AlertDeltaKind.Sent ? sent : acknowledged).Foreign++;
                    continue;
                }

                if (!alert.Measured || alert.Run != run)
                {
                    continue;
                }

                if (receipt.Kind == AlertDeltaKind.Sent)
                {
                    sent.Receive(seen.Add((alert, receipt.Audience)), receipt.Timestamp, alert.SentAt, deadlineTicks);
                    continue;
                }

                // An organisation's acknowledgement delta is its own; a coordinators' delta answers the acknowledgements it names first.
                IEnumerable<string> answers = toCoordinators
                    ? (receipt.Acknowledged ?? []).Where(o => !named.TryGetValue((alert.AlertId, receipt.Audience), out var before) || !before.Contains(o)).ToList()
                    : [audience["organisation/".Length..]];
                if (toCoordinators)
                {
                    if (!named.TryGetValue((alert.AlertId, receipt.Audience), out var set))
                    {
                        named[(alert.AlertId, receipt.Audience)] = set = [];
                    }

                    set.UnionWith(receipt.Acknowledged ?? []);
                    if (!answers.Any())
                    {
                        acknowledged.Duplicates++;
                    }
                }

                foreach (var organisation in answers)
                {
                    if (!alert.Organisations.Contains(organisation))
                    {
                        acknowledged.Foreign++;
                    }
                    else if (!acknowledgementOf.TryGetValue((alert.AlertId, organisation), out var acknowledgement) || !okAcknowledgements.Contains(acknowledgement))
                    {
                        acknowledged.Unknown++;
                    }
                    else
                    {
                        acknowledged.Receive(seen.Add((acknowledgement, receipt.Audience)), receipt.Timestamp, acknowledgement.SentAt, deadlineTicks);
                    }
                }
            }

            var (_, arrivals) = client.Snapshot();
            var perAudience = new Dictionary<byte, List<long>>();
            foreach (var arrival in arrivals)
            {
                if (arrival.Timestamp >= windowStart && arrival.Timestamp <= windowEnd)
                {
                    messages++;
                    deltas += arrival.Deltas;
                }

                if (arrival.Timestamp >= windowStart && arrival.Timestamp <= sendEnd)
                {
                    if (!perAudience.TryGetValue(arrival.Audience, out var times))
                    {
                        perAudience[arrival.Audience] = times = [];
                    }

                    times.Add(arrival.Timestamp);
                }
            }

            foreach (var times in perAudience.Values)
            {
                var rate = times.Count / windowSeconds;
                sumRates += rate;
                audienceCount++;
                maxRate = Math.Max(maxRate, rate);
                maxPerSecond = Math.Max(maxPerSecond, Analysis.MostInOneWindow(times, Stopwatch.Frequency));
            }
        }

        sent.Duplicates += duplicates;
        sent.Foreign += foreignAudience;
        var meanRate = audienceCount == 0 ? 0 : sumRates / audienceCount;
        var deltasPerMessage = messages == 0 ? 0 : deltas / (double)messages;

        // An addressed organisation whose acknowledging connection never got the alert never acknowledges: a failed acknowledgement.
        var failures = measuredAcknowledgements.Where(a => !okAcknowledgements.Contains(a)).GroupBy(a => a.Error ?? "unanswered").ToDictionary(g => g.Key, g => g.Count());
        var neverSent = ok.Sum(a => a.Organisations.Count(o => !acknowledgementOf.ContainsKey((a.AlertId, o))));
        if (neverSent > 0)
        {
            failures["acknowledge not sent (alert not received)"] = neverSent;
        }

        return (
            sent.ToDelivery(gaps, messages, deltas, meanRate, maxRate, maxPerSecond, deltasPerMessage, measured.Count, measured.Count - ok.Count,
                measured.Where(a => !answered.Contains(a)).GroupBy(a => a.Error ?? "unanswered").ToDictionary(g => g.Key, g => g.Count())),
            acknowledged.ToDelivery(0, messages, deltas, meanRate, maxRate, maxPerSecond, deltasPerMessage,
                ok.Sum(a => a.Organisations.Count), failures.Values.Sum(), failures));
    }

    private static long Microseconds(long stopwatchTicks) =>
        Math.Min(HighestMicroseconds, Math.Max(0, stopwatchTicks * 1_000_000 / Stopwatch.Frequency));

    /// <summary>The latency histograms and counts of one kind of action (sends or acknowledgements).</summary>
    private sealed class Row(IEnumerable<long> sentAt)
    {
        private readonly long _middle = Middle([.. sentAt]);

        public LongHistogram Latency { get; } = new(HighestMicroseconds, 3);
        public LongHistogram FirstHalf { get; } = new(HighestMicroseconds, 3);
        public LongHistogram SecondHalf { get; } = new(HighestMicroseconds, 3);
        public LongHistogram Api { get; } = new(HighestMicroseconds, 3);
        public long Expected { get; set; }
        public long Delivered { get; private set; }
        public long Late { get; private set; }
        public long Duplicates { get; set; }
        public long Foreign { get; set; }
        public long Unknown { get; set; }

        /// <param name="first">Not seen on this connection and audience before.</param>
        public void Receive(bool first, long arrivedAt, long actionAt, long deadlineTicks)
        {
            if (!first)
            {
                Duplicates++;
                return;
            }

            var elapsed = arrivedAt - actionAt;
            if (elapsed > deadlineTicks)
            {
                Late++;
                return;
            }

            Delivered++;
            var microseconds = Microseconds(elapsed);
            Latency.RecordValue(microseconds);
            (actionAt < _middle ? FirstHalf : SecondHalf).RecordValue(microseconds);
        }

        public Delivery ToDelivery(
            long gaps, long messages, long deltas, double meanRate, double maxRate, double maxPerSecond, double deltasPerMessage,
            int actions, int failed, IReadOnlyDictionary<string, int> failures) =>
            new(Percentiles.Of(Latency), Percentiles.Of(FirstHalf), Percentiles.Of(SecondHalf), Percentiles.Of(Api),
                Expected, Delivered, Expected - Delivered, Late, Duplicates, gaps, Foreign, Unknown, messages, deltas,
                meanRate, maxRate, maxPerSecond, deltasPerMessage, actions, failed, failures);

        private static long Middle(List<long> times) => times.Count == 0 ? 0 : times.Min() + (times.Max() - times.Min()) / 2;
    }
}
