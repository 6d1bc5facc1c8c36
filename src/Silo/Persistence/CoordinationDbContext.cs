using Coordination.Grains.Partners;
using Coordination.Grains.Security;
using Coordination.Silo.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Silo.Persistence;

/// <summary>Accounts (ASP.NET Core Identity) and the directory of tenants and partner organisations.</summary>
public sealed class CoordinationDbContext(DbContextOptions<CoordinationDbContext> options)
    : IdentityDbContext<CoordinationUser>(options)
{
    public DbSet<TenantRecord> Tenants => Set<TenantRecord>();

    public DbSet<OrganisationRecord> Organisations => Set<OrganisationRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<TenantRecord>(tenant =>
        {
            tenant.ToTable("coordination_tenants");
            tenant.HasKey(t => t.Id);
            tenant.Property(t => t.Id).HasMaxLength(64);
            tenant.Property(t => t.Name).HasMaxLength(200);
        });

        builder.Entity<OrganisationRecord>(organisation =>
        {
            organisation.ToTable("coordination_organisations");
            organisation.HasKey(o => new { o.Tenant, o.Id });
            organisation.Property(o => o.Tenant).HasMaxLength(64);
            organisation.Property(o => o.Id).HasMaxLength(64);
            organisation.Property(o => o.Name).HasMaxLength(200);
            organisation.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
        });

        builder.Entity<CoordinationUser>(user =>
        {
            user.Property(u => u.Tenant).HasMaxLength(64);
            user.Property(u => u.OrganisationId).HasMaxLength(64);
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.HasIndex(u => new { u.Tenant, u.OrganisationId });
        });
    }
}

public sealed class TenantRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public List<string> Areas { get; set; } = [];
}

public sealed class OrganisationRecord
{
    public required string Tenant { get; set; }
    public required string Id { get; set; }
    public required string Name { get; set; }
    public PartnerKind Kind { get; set; }
    public List<string> Areas { get; set; } = [];
    public DateOnly Joined { get; set; }
    public DateOnly? AgreementSigned { get; set; }
    public int TrainedStaff { get; set; }
    public DateOnly? TrainedOn { get; set; }

    public Organisation ToOrganisation() =>
        new(Tenant, Id, Name, Kind, [.. Areas], Joined, AgreementSigned, TrainedStaff, TrainedOn);
}
