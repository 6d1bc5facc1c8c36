namespace Coordination.Grains.Storage;

public static class StorageNames
{
    /// <summary>The Orleans grain storage provider (ADO.NET on SQLite or PostgreSQL).</summary>
    public const string Grains = "coordination";
}
