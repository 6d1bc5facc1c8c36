using System.Security.Claims;

namespace Coordination.Grains.Security;

/// <summary>The claims that carry a signed-in account's tenant and organisation, in the cookie and in bearer tokens.</summary>
public static class CallerClaims
{
    public const string Tenant = "coordination:tenant";
    public const string Organisation = "coordination:organisation";
    public const string DisplayName = "coordination:name";

    /// <summary>The grain-level identity of a signed-in principal.</summary>
    public static Caller ToCaller(this ClaimsPrincipal principal) => new(
        principal.FindFirst(Tenant)?.Value ?? throw new AccessDeniedException("The account has no tenant."),
        principal.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? throw new AccessDeniedException("The account has no id."),
        principal.FindFirst(Organisation)?.Value ?? throw new AccessDeniedException("The account has no organisation."),
        RoleNames.Parse(principal.FindAll(ClaimTypes.Role).Select(c => c.Value)));

    public static string DisplayNameOf(this ClaimsPrincipal principal) => principal.FindFirst(DisplayName)?.Value ?? "";
}
