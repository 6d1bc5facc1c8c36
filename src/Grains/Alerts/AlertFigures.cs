using Coordination.Grains.Partners;
using Coordination.Grains.Storage;

namespace Coordination.Grains.Alerts;

/// <summary>
/// A tenant's alert figures: the open alerts and who has yet to acknowledge them, now; and the mean time to
/// acknowledge (acknowledged - sent, per addressed organisation) of the alerts sent since <see cref="Since"/>,
/// by people and by the system alike. A mean is null where nothing was acknowledged.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.AlertFigures")]
public sealed record AlertFigures(
    [property: Id(0)] DateTimeOffset Since,
    [property: Id(1)] int OpenAlerts,
    [property: Id(2)] int UnacknowledgedOrganisations,
    [property: Id(3)] IReadOnlyList<KindAlertFigures> ByKind,
    [property: Id(4)] IReadOnlyList<OrganisationAlertFigures> ByOrganisation)
{
    /// <summary>How far back the mean time to acknowledge looks.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <param name="organisations">The partner network: every organisation gets a row, every kind of it too.</param>
    /// <param name="totals">The acknowledgements of the window, from the store.</param>
    public static AlertFigures Compute(
        DateTimeOffset since, IReadOnlyCollection<AlertView> openAlerts, IReadOnlyList<Organisation> organisations,
        IReadOnlyList<AcknowledgementTotal> totals)
    {
        var awaiting = AwaitingByOrganisation(openAlerts);
        var byOrganisation = totals.GroupBy(t => t.OrganisationId).ToDictionary(g => g.Key, Sum);
        // By the kind an organisation had when it was addressed (stored as the kind's name); kinds of the network
        // with nothing acknowledged show too.
        var byKind = totals.GroupBy(t => Enum.Parse<PartnerKind>(t.Kind)).ToDictionary(g => g.Key, Sum);

        return new AlertFigures(
            since,
            openAlerts.Count,
            awaiting.Count,
            [.. organisations.Select(o => o.Kind).Concat(byKind.Keys).Distinct().Order().Select(kind =>
            {
                var (count, total) = byKind.GetValueOrDefault(kind);
                return new KindAlertFigures(kind, count, Mean(count, total));
            })],
            [.. organisations.OrderBy(o => o.Kind).Select(o =>
            {
                var (count, total) = byOrganisation.GetValueOrDefault(o.Id);
                return new OrganisationAlertFigures(o.Id, o.Name, o.Kind, awaiting.GetValueOrDefault(o.Id), count, Mean(count, total));
            })]);
    }

    /// <summary>Per organisation, how many open alerts it has not acknowledged; organisations with none are left out.</summary>
    public static IReadOnlyDictionary<string, int> AwaitingByOrganisation(IEnumerable<AlertView> openAlerts) =>
        openAlerts
            .SelectMany(a => a.Organisations)
            .Where(o => o.AcknowledgedAt is null)
            .CountBy(o => o.OrganisationId)
            .ToDictionary();

    private static (int Count, TimeSpan Total) Sum(IEnumerable<AcknowledgementTotal> totals) =>
        totals.Aggregate((Count: 0, Total: TimeSpan.Zero), (sum, t) => (sum.Count + t.Count, sum.Total + t.Total));

    private static TimeSpan? Mean(int count, TimeSpan total) => count == 0 ? null : total / count;
}

/// <summary>How many acknowledgements organisations of a kind made in the window, and their mean time.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.KindAlertFigures")]
public sealed record KindAlertFigures(
    [property: Id(0)] PartnerKind Kind,
    [property: Id(1)] int Acknowledged,
    [property: Id(2)] TimeSpan? MeanTimeToAcknowledge);

/// <summary>A partner's figures: open alerts it has yet to acknowledge now, and its acknowledgements in the window.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.OrganisationAlertFigures")]
public sealed record OrganisationAlertFigures(
    [property: Id(0)] string OrganisationId,
    [property: Id(1)] string Name,
    [property: Id(2)] PartnerKind Kind,
    [property: Id(3)] int Awaiting,
    [property: Id(4)] int Acknowledged,
    [property: Id(5)] TimeSpan? MeanTimeToAcknowledge);
