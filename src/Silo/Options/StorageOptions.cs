using System.ComponentModel.DataAnnotations;

namespace Coordination.Silo.Options;

/// <summary>Where the state lives: a SQLite file (embedded default) or PostgreSQL (cluster mode).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder of the embedded SQLite file, relative to the content root unless absolute.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>A PostgreSQL connection string switches the host to cluster mode.</summary>
    public string? PostgreSql { get; set; }

    public bool IsCluster => !string.IsNullOrWhiteSpace(PostgreSql);
}
