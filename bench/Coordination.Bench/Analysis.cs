using System.Diagnostics;
using HdrHistogram;

namespace Coordination.Bench;

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record Percentiles(long Count, double P50, double P90, double P99, double Max)
{
    public static Percentiles Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    public static Percentiles Of(HistogramBase histogram) => histogram.TotalCount == 0
        ? Empty
        : new(
            histogram.TotalCount,
            histogram.GetValueAtPercentile(50) / 1000.0,
            histogram.GetValueAtPercentile(90) / 1000.0,
            histogram.GetValueAtPercentile(99) / 1000.0,
            histogram.GetMaxValue() / 1000.0);
}

/// <summary>The delivery figures of one run, reconciled from what the clients received against what was sent.</summary>
public sealed record Delivery(
    Percentiles Latency,
    Percentiles FirstHalf,
    Percentiles SecondHalf,
    Percentiles Api,
    long Expected,
    long Delivered,
    long Lost,
    long Late,
    long Duplicates,
    long GapDeltas,
    long Foreign,
    long Unknown,
    long MessagesInWindow,
    long DeltasInWindow,
    double MeanMessagesPerSecondPerAudience,
    double MaxMessagesPerSecondPerAudience,
    double MaxMessagesInOneSecondPerAudience,
    double MeanDeltasPerMessage,
    int ActionsMeasured,
    int ActionsFailed,
    IReadOnlyDictionary<string, int> FailureKinds);

public static class Analysis
{
    private const long HighestMicroseconds = 120_000_000;

    /// <summary>
    /// Matches every delta each client received to the action it answers. An action's expected receivers are the
    /// connections following the coordinators' audience (every action) or the organisation of the concern's
    /// reporter. A delta is foreign when it is about another organisation's concern on an organisation audience.
    /// </summary>
    public static Delivery Reconcile(
        IReadOnlyList<SimulatedClient> clients, IReadOnlyList<ActionRecord> actions, int run, long windowStart, long sendEnd, long windowEnd,
        TimeSpan deadline)
    {
        var byConcern = new Dictionary<(Guid, ActionKind), ActionRecord>();
        var organisationOf = new Dictionary<Guid, string>();
        foreach (var action in actions)
        {
            if (action.Ok)
            {
                byConcern[(action.ConcernId, action.Kind)] = action;
                organisationOf[action.ConcernId] = action.Organisation;
            }
        }

        var measured = actions.Where(a => a.Measured && a.Run == run).ToList();
        var ok = measured.Where(a => a.Ok).ToList();
        var deadlineTicks = (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        var middle = ok.Count == 0 ? 0 : ok.Min(a => a.SentAt) + (ok.Max(a => a.SentAt) - ok.Min(a => a.SentAt)) / 2;

        var latency = NewHistogram();
        var firstHalf = NewHistogram();
        var secondHalf = NewHistogram();
        var api = NewHistogram();
        foreach (var action in measured.Where(a => a.DoneAt > 0))
        {
            api.RecordValue(Math.Min(HighestMicroseconds, Microseconds(action.DoneAt - action.SentAt)));
        }

        long expected = 0, delivered = 0, late = 0, foreign = 0, unknown = 0, duplicates = 0, gaps = 0, messages = 0, deltas = 0;
        double sumRates = 0, maxRate = 0, maxPerSecond = 0;
        var audienceCount = 0;
        var windowSeconds = Math.Max(1e-9, (sendEnd - windowStart) / (double)Stopwatch.Frequency);
        foreach (var client in clients)
        {
            duplicates += client.Duplicates;
            gaps += client.GapDeltas;
            foreign += client.ForeignAudienceMessages;
            var follows = client.Audiences;
            var coordinators = Array.IndexOf(follows, Accounts.CoordinatorsAudience);
            foreach (var action in ok)
            {
                if (coordinators >= 0)
                {
                    expected++;
                }

                if (Array.IndexOf(follows, Accounts.OrganisationAudience(action.Organisation)) >= 0)
                {
                    expected++;
                }
            }

            var (receipts, arrivals) = client.Snapshot();
            var seen = new HashSet<(ActionRecord, byte)>(ReferenceTupleComparer.Instance);
            foreach (var receipt in receipts)
            {
                if (Json.ActionOf(receipt.Kind) is not { } kind || !byConcern.TryGetValue((receipt.ConcernId, kind), out var action))
                {
                    unknown++;
                    continue;
                }

                var audience = follows[receipt.Audience];
                if (audience != Accounts.CoordinatorsAudience && audience != Accounts.OrganisationAudience(organisationOf[receipt.ConcernId]))
                {
                    foreign++;
                    continue;
                }

                if (!action.Measured || action.Run != run)
                {
                    continue;
                }

                if (!seen.Add((action, receipt.Audience)))
                {
                    duplicates++;
                    continue;
                }

                var elapsed = receipt.Timestamp - action.SentAt;
                if (elapsed > deadlineTicks)
                {
                    late++;
                    continue;
                }

                delivered++;
                var microseconds = Math.Min(HighestMicroseconds, Microseconds(elapsed));
                latency.RecordValue(microseconds);
                (action.SentAt < middle ? firstHalf : secondHalf).RecordValue(microseconds);
            }

            // Messages and their spacing, per audience of this connection.
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
                maxPerSecond = Math.Max(maxPerSecond, MostInOneWindow(times, Stopwatch.Frequency));
            }
        }

        var failures = measured.Where(a => !a.Ok).GroupBy(a => a.Error ?? "unanswered").ToDictionary(g => g.Key, g => g.Count());
        return new Delivery(
            Percentiles.Of(latency), Percentiles.Of(firstHalf), Percentiles.Of(secondHalf), Percentiles.Of(api),
            expected, delivered, expected - delivered, late, duplicates, gaps, foreign, unknown, messages, deltas,
            audienceCount == 0 ? 0 : sumRates / audienceCount, maxRate, maxPerSecond,
            messages == 0 ? 0 : deltas / (double)messages,
            measured.Count, measured.Count(a => !a.Ok), failures);
    }

    /// <summary>
    /// The most messages that arrived within any sliding window of the given length. A one-second window is used
    /// to check "at most one message per tick": it is not fooled by arrival jitter as a tick-long window would be.
    /// </summary>
    internal static double MostInOneWindow(List<long> times, long windowTicks)
    {
        var most = 0;
        var first = 0;
        for (var last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= windowTicks)
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        return most;
    }

    private static LongHistogram NewHistogram() => new(HighestMicroseconds, 3);

    private static long Microseconds(long stopwatchTicks) => Math.Max(0, stopwatchTicks * 1_000_000 / Stopwatch.Frequency);

    private sealed class ReferenceTupleComparer : IEqualityComparer<(ActionRecord Action, byte Audience)>
    {
        public static ReferenceTupleComparer Instance { get; } = new();

        public bool Equals((ActionRecord Action, byte Audience) x, (ActionRecord Action, byte Audience) y) =>
            ReferenceEquals(x.Action, y.Action) && x.Audience == y.Audience;

        public int GetHashCode((ActionRecord Action, byte Audience) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Action), obj.Audience);
    }
}
