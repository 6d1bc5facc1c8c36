using Coordination.Grains.Security;

namespace Coordination.Grains.Partners;

/// <summary>One partner organisation (key: tenant/organisation id) and its live figures.</summary>
[Alias("Coordination.IPartnerGrain")]
public interface IPartnerGrain : IGrainWithStringKey
{
    /// <summary>The organisation's profile, for its own members and for coordinators.</summary>
    [Alias("GetProfile")]
    Task<PartnerProfile> GetProfile(Caller caller);

    /// <summary>The concerns this organisation reported, with status only.</summary>
    [Alias("GetReports")]
    Task<OrganisationReports> GetReports(Caller caller);

    [Alias("RecordReport")]
    Task RecordReport(Caller caller);
}
