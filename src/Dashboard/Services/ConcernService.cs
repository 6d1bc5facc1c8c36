using Coordination.Grains;
using Coordination.Grains.Concerns;
using Coordination.Grains.Partners;

namespace Coordination.Dashboard.Services;

/// <summary>What the report form needs: the caller's checklist and areas, and sending the report.</summary>
public interface IReportService
{
    Task<ReportFormData> GetReportFormAsync();

    Task<ReportStatus> ReportAsync(ReportConcern report);
}

/// <summary>What pages do with concerns, on behalf of the signed-in account; the grains check it again.</summary>
public interface IConcernService : IReportService
{
    /// <summary>Opening a concern is a read of its details and is recorded in its timeline.</summary>
    Task<ConcernDetails> OpenAsync(Guid id);

    Task<ConcernSummary> MarkTriagedAsync(Guid id);

    Task<ConcernSummary> ConfirmUrgencyAsync(Guid id, Urgency urgency);

    Task<ConcernSummary> MergeAsync(Guid id, Guid targetId);

    Task<ConcernSummary> CloseAsUnfoundedAsync(Guid id, string? reason);

    Task<IReadOnlyDictionary<string, Organisation>> GetOrganisationsAsync();

    /// <summary>Assigns to a worker, or with null to the next worker on shift.</summary>
    Task<ConcernSummary> AssignAsync(Guid id, string? workerId, long revision);

    Task<ConcernSummary> AcceptAsync(Guid id, long revision);

    Task<ConcernSummary> DeclineAsync(Guid id, string reason, long revision);

    Task<ConcernSummary> RecordContactAsync(Guid id, bool reached, string? note);

    Task<ConcernSummary> OfferSupportAsync(Guid id, SupportProvider provider, string? note);

    Task<ConcernSummary> ReferAsync(Guid id, ReferralTarget target, string? note);

    Task<ConcernSummary> AddNoteAsync(Guid id, string text);

    Task<ConcernSummary> CloseAsync(Guid id, ClosureOutcome outcome, string? note, long revision);

    /// <summary>Handling times per week of report (coordinators).</summary>
    Task<IReadOnlyList<WeekFigures>> GetFiguresAsync(int weeks);
}

public sealed class ConcernService(IGrainFactory grains, UserContext user, IOrganisationDirectory directory) : IConcernService
{
    public async Task<ReportFormData> GetReportFormAsync()
    {
        var caller = await user.GetCallerAsync();
        var profile = await grains.GetGrain<IPartnerGrain>(GrainKeys.For(caller.Tenant, caller.OrganisationId)).GetProfile(caller);
        return new ReportFormData(profile.Organisation, await directory.GetAreasAsync(caller.Tenant), profile.Checklist);
    }

    public async Task<ReportStatus> ReportAsync(ReportConcern report)
    {
        var caller = await user.GetCallerAsync();
        return await grains.GetGrain<IConcernGrain>(GrainKeys.For(caller.Tenant, Guid.NewGuid())).Report(caller, report);
    }

    public async Task<ConcernDetails> OpenAsync(Guid id)
    {
        var caller = await user.GetCallerAsync();
        return await Concern(caller.Tenant, id).GetDetails(caller);
    }

    public async Task<ConcernSummary> MarkTriagedAsync(Guid id)
    {
        var caller = await user.GetCallerAsync();
        return await Concern(caller.Tenant, id).MarkTriaged(caller);
    }

    public async Task<ConcernSummary> ConfirmUrgencyAsync(Guid id, Urgency urgency)
    {
        var caller = await user.GetCallerAsync();
        return await Concern(caller.Tenant, id).ConfirmUrgency(caller, urgency);
    }

    public async Task<ConcernSummary> MergeAsync(Guid id, Guid targetId)
    {
        var caller = await user.GetCallerAsync();
        return await Concern(caller.Tenant, id).MergeInto(caller, targetId);
    }

    public async Task<ConcernSummary> CloseAsUnfoundedAsync(Guid id, string? reason)
    {
        var caller = await user.GetCallerAsync();
        return await Concern(caller.Tenant, id).CloseAsUnfounded(caller, reason);
    }

    public async Task<IReadOnlyDictionary<string, Organisation>> GetOrganisationsAsync()
    {
        var caller = await user.GetCallerAsync();
        return (await directory.ListAsync(caller.Tenant)).ToDictionary(o => o.Id);
    }

    public Task<ConcernSummary> AssignAsync(Guid id, string? workerId, long revision) =>
        WithConcernAsync(id, (concern, caller) => concern.Assign(caller, workerId, revision));

    public Task<ConcernSummary> AcceptAsync(Guid id, long revision) =>
        WithConcernAsync(id, (concern, caller) => concern.Accept(caller, revision));

    public Task<ConcernSummary> DeclineAsync(Guid id, string reason, long revision) =>
        WithConcernAsync(id, (concern, caller) => concern.Decline(caller, reason, revision));

    public Task<ConcernSummary> RecordContactAsync(Guid id, bool reached, string? note) =>
        WithConcernAsync(id, (concern, caller) => concern.RecordContact(caller, reached, note));

    public Task<ConcernSummary> OfferSupportAsync(Guid id, SupportProvider provider, string? note) =>
        WithConcernAsync(id, (concern, caller) => concern.OfferSupport(caller, provider, note));

    public Task<ConcernSummary> ReferAsync(Guid id, ReferralTarget target, string? note) =>
        WithConcernAsync(id, (concern, caller) => concern.Refer(caller, target, note));

    public Task<ConcernSummary> AddNoteAsync(Guid id, string text) =>
        WithConcernAsync(id, (concern, caller) => concern.AddNote(caller, text));

    public Task<ConcernSummary> CloseAsync(Guid id, ClosureOutcome outcome, string? note, long revision) =>
        WithConcernAsync(id, (concern, caller) => concern.Close(caller, outcome, note, revision));

    public async Task<IReadOnlyList<WeekFigures>> GetFiguresAsync(int weeks)
    {
        var caller = await user.GetCallerAsync();
        return await grains.GetGrain<Grains.Board.IBoardGrain>(caller.Tenant).GetConcernFigures(caller, weeks);
    }

    private async Task<T> WithConcernAsync<T>(Guid id, Func<IConcernGrain, Grains.Security.Caller, Task<T>> action)
    {
        var caller = await user.GetCallerAsync();
        return await action(Concern(caller.Tenant, id), caller);
    }

    private IConcernGrain Concern(string tenant, Guid id) => grains.GetGrain<IConcernGrain>(GrainKeys.For(tenant, id));
}

public sealed record ReportFormData(Organisation Organisation, IReadOnlyList<string> Areas, IReadOnlyList<string> Checklist);
