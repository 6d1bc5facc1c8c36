namespace Coordination.Grains.Partners;

[GenerateSerializer, Alias("Coordination.PartnerKind")]
public enum PartnerKind
{
    SocialServices,
    Ngo,
    Police,
    Hotel,
    PropertyOwner,
    TaxiCompany,
    CityDepartment,
    CityOwnedCompany,
    Healthcare,
    OtherAuthority,
}
