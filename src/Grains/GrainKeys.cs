namespace Coordination.Grains;

/// <summary>Every grain key starts with the tenant, so that one cluster can serve many municipalities.</summary>
public static class GrainKeys
{
    public static string For(string tenant, string id) => $"{tenant}/{id}";

    public static string For(string tenant, Guid id) => For(tenant, id.ToString("N"));

    public static (string Tenant, string Id) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (key[..slash], key[(slash + 1)..]) : throw new ArgumentException($"Grain key '{key}' has no tenant.", nameof(key));
    }
}
