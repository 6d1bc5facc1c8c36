namespace Coordination.Grains.Partners;

/// <summary>A partner's live figures; its master data stays in the organisation directory.</summary>
[GenerateSerializer, Alias("Coordination.PartnerState")]
public sealed class PartnerState
{
    [Id(0)]
    public DateTimeOffset? LastActivity { get; set; }

    [Id(1)]
    public int ReportsSubmitted { get; set; }
}
