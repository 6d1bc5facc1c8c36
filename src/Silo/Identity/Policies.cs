using Coordination.Grains.Security;
using Microsoft.AspNetCore.Authorization;

namespace Coordination.Silo.Identity;

public static class Policies
{
    /// <summary>Signed in with an account that belongs to a tenant.</summary>
    public const string Member = nameof(Member);

    public const string Coordinator = nameof(Coordinator);

    /// <summary>May report concerns: anyone working for a partner organisation.</summary>
    public const string Reporter = nameof(Reporter);

    /// <summary>An on-call social worker.</summary>
    public const string Worker = nameof(Worker);

    /// <summary>Coordinators and on-call workers: the roster and the handling of concerns.</summary>
    public const string Staff = nameof(Staff);

    public static AuthorizationBuilder AddCoordinationPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Member, policy => policy.RequireAuthenticatedUser().RequireClaim(CallerClaims.Tenant))
        .AddPolicy(Coordinator, policy => policy.RequireClaim(CallerClaims.Tenant).RequireRole(RoleNames.Coordinator))
        .AddPolicy(Reporter, policy => policy.RequireClaim(CallerClaims.Tenant)
            .RequireRole(RoleNames.Coordinator, RoleNames.SocialWorker, RoleNames.PartnerMember, RoleNames.PartnerAdmin))
        .AddPolicy(Worker, policy => policy.RequireClaim(CallerClaims.Tenant).RequireRole(RoleNames.SocialWorker))
        .AddPolicy(Staff, policy => policy.RequireClaim(CallerClaims.Tenant).RequireRole(RoleNames.Coordinator, RoleNames.SocialWorker));
}
