using Coordination.Grains.Alerts;
using Coordination.Grains.Concerns;
using Coordination.Grains.Live;
using Coordination.Grains.Scheduling;

namespace Coordination.Grains.Storage;

/// <summary>
/// The append-only event table with per-stream snapshots, the concern read model and the per-audience
/// delta feed. <see cref="AppendAsync"/> writes all of them in one transaction: a change the caller is told
/// succeeded is never split by a crash.
/// </summary>
public interface IEventStore
{
    Task<StreamSnapshot?> ReadSnapshotAsync(string tenant, string stream, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string tenant, string stream, CancellationToken cancellationToken = default);

    /// <exception cref="ConcurrencyException">The stream is no longer at <see cref="AppendRequest.ExpectedVersion"/>.</exception>
    Task<IReadOnlyList<FeedEntry>> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<FeedEntry>> ReadFeedAsync(string tenant, string audience, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>The newest entries of an audience's feed, oldest first.</summary>
    Task<IReadOnlyList<FeedEntry>> ReadFeedTailAsync(string tenant, string audience, int count, CancellationToken cancellationToken = default);

    Task<long> ReadFeedHeadAsync(string tenant, string audience, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ConcernSummary>> ListOpenConcernsAsync(string tenant, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ConcernSummary>> ListConcernsReportedByAsync(string tenant, string organisationId, CancellationToken cancellationToken = default);

    /// <summary>Per worker, how many open concerns are with them (assigned and not yet accepted, or accepted).</summary>
    Task<IReadOnlyDictionary<string, int>> CountOpenAssignmentsAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>The open concerns with one worker (assigned and not yet accepted, or accepted).</summary>
    Task<IReadOnlyList<ConcernSummary>> ListOpenAssignmentsAsync(string tenant, string workerId, CancellationToken cancellationToken = default);

    /// <summary>Every concern (open or closed) reported at or after <paramref name="since"/>: the figures per week.</summary>
    Task<IReadOnlyList<ConcernSummary>> ListConcernsReportedSinceAsync(string tenant, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Deadlines due at <paramref name="now"/>, earliest first, across tenants.</summary>
    Task<IReadOnlyList<DueDeadline>> ReadDueDeadlinesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>The earliest deadline not yet fired, if any.</summary>
    Task<DateTimeOffset?> ReadNextDeadlineAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes a fired deadline unless it was set again (to another time) meanwhile.</summary>
    Task CompleteDeadlineAsync(DueDeadline deadline, CancellationToken cancellationToken = default);

    /// <summary>Open alerts of a tenant, newest first; with an organisation, only those addressed to it.</summary>
    Task<IReadOnlyList<AlertView>> ListOpenAlertsAsync(string tenant, string? organisationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Of the tenant's alerts sent at or after <paramref name="since"/>: per organisation and the kind it had when
    /// addressed, how many it acknowledged and how long they took together (acknowledged - sent).
    /// </summary>
    Task<IReadOnlyList<AcknowledgementTotal>> ReadAcknowledgementTotalsAsync(string tenant, DateTimeOffset since, CancellationToken cancellationToken = default);
}

public sealed record StreamSnapshot(long Version, string Json);

public sealed record StoredEvent(long Sequence, string Type, string Actor, DateTimeOffset At, string PayloadJson);

public sealed record NewEvent(string Type, string Actor, DateTimeOffset At, string PayloadJson);

/// <summary>A delta for one audience; the store gives it the audience's next sequence number.</summary>
public sealed record FeedDraft(string Audience, string Type, DateTimeOffset At, string DataJson);

public sealed record AppendRequest(
    string Tenant,
    string Stream,
    long ExpectedVersion,
    IReadOnlyList<NewEvent> Events,
    string SnapshotJson,
    ConcernSummary? ConcernIndex,
    IReadOnlyList<FeedDraft> Feed)
{
    /// <summary>The alert read model row (alert and its addressees), written in the same transaction.</summary>
    public AlertIndexRow? AlertIndex { get; init; }

    /// <summary>When set, replaces the stream's deadlines (empty clears them), in the same transaction.</summary>
    public IReadOnlyList<Deadline>? Deadlines { get; init; }
}

public sealed record AlertIndexRow(AlertView Alert, IReadOnlyList<string> Organisations);

public sealed record AcknowledgementTotal(string OrganisationId, string Kind, int Count, TimeSpan Total);

public sealed class ConcurrencyException(string message) : Exception(message);
