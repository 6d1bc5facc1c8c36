using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Coordination.Silo.Persistence;

/// <summary>
/// The Data Protection key ring in the deployment's database (cluster mode), so that every replica
/// protects and unprotects cookies and tokens with the same keys, across restarts.
/// </summary>
/// <remarks>
/// A context of its own, not part of <see cref="CoordinationDbContext"/>: schema step 3 is generated from
/// that model, and adding the keys to it would change what step 3 creates. The table comes from schema
/// step 4 (004-data-protection-keys.sql), which this model must match.
/// </remarks>
public sealed class DataProtectionDbContext(DbContextOptions<DataProtectionDbContext> options)
    : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("DataProtectionKeys");
            key.HasKey(k => k.Id);
        });
    }
}
