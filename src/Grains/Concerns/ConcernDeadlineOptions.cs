namespace Coordination.Grains.Concerns;

/// <summary>
/// How long each stage of a concern may take, per urgency (DOMAIN.md: time to triage, to assignment, to
/// acceptance, to first contact), with overrides per tenant, and whether triage assigns automatically.
/// </summary>
public sealed class ConcernDeadlineOptions
{
    public const string Section = "Concerns:Deadlines";

    /// <summary>Marking a concern as triaged assigns it to the next worker on shift at once.</summary>
    public bool AssignOnTriage { get; set; } = true;

    public StageDeadlines ImmediateDanger { get; set; } = new()
    {
        Triage = TimeSpan.FromMinutes(5), Assignment = TimeSpan.FromMinutes(10),
        Acceptance = TimeSpan.FromMinutes(5), FirstContact = TimeSpan.FromMinutes(30),
    };

    public StageDeadlines Urgent { get; set; } = new()
    {
        Triage = TimeSpan.FromMinutes(30), Assignment = TimeSpan.FromHours(1),
        Acceptance = TimeSpan.FromMinutes(15), FirstContact = TimeSpan.FromHours(4),
    };

    public StageDeadlines Normal { get; set; } = new()
    {
        Triage = TimeSpan.FromHours(4), Assignment = TimeSpan.FromHours(8),
        Acceptance = TimeSpan.FromHours(1), FirstContact = TimeSpan.FromHours(24),
    };

    /// <summary>Per tenant id, per urgency, any stage set here replaces the default above.</summary>
    public Dictionary<string, TenantStageDeadlines> Tenants { get; set; } = [];

    public TimeSpan For(string tenant, Urgency urgency, ConcernStage stage) =>
        (Tenants.TryGetValue(tenant, out var own) ? own.For(urgency)?.For(stage) : null) ?? Defaults(urgency).For(stage)!.Value;

    /// <summary>Every deadline must be positive: a zero would fire at once and reassign in a loop.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (path, deadlines) in All())
        {
            foreach (var stage in Enum.GetValues<ConcernStage>())
            {
                if (deadlines.For(stage) is { } allowed && allowed <= TimeSpan.Zero)
                {
                    yield return $"{Section}:{path}:{stage} must be positive.";
                }
            }
        }
    }

    private StageDeadlines Defaults(Urgency urgency) => urgency switch
    {
        Urgency.ImmediateDanger => ImmediateDanger,
        Urgency.Urgent => Urgent,
        _ => Normal,
    };

    private IEnumerable<(string Path, StageDeadlines Deadlines)> All()
    {
        foreach (var urgency in Enum.GetValues<Urgency>())
        {
            yield return (urgency.ToString(), Defaults(urgency));
            foreach (var (tenant, own) in Tenants)
            {
                if (own.For(urgency) is { } deadlines)
                {
                    yield return ($"Tenants:{tenant}:{urgency}", deadlines);
                }
            }
        }
    }
}

public sealed class StageDeadlines
{
    public TimeSpan? Triage { get; set; }

    public TimeSpan? Assignment { get; set; }

    public TimeSpan? Acceptance { get; set; }

    public TimeSpan? FirstContact { get; set; }

    public TimeSpan? For(ConcernStage stage) => stage switch
    {
        ConcernStage.Triage => Triage,
        ConcernStage.Assignment => Assignment,
        ConcernStage.Acceptance => Acceptance,
        _ => FirstContact,
    };
}

public sealed class TenantStageDeadlines
{
    public StageDeadlines? ImmediateDanger { get; set; }

    public StageDeadlines? Urgent { get; set; }

    public StageDeadlines? Normal { get; set; }

    public StageDeadlines? For(Urgency urgency) => urgency switch
    {
        Urgency.ImmediateDanger => ImmediateDanger,
        Urgency.Urgent => Urgent,
        _ => Normal,
    };
}
