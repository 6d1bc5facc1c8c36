namespace Coordination.Grains.Live;

/// <summary>How long a host's listener registration lives unless renewed (hosts renew at a quarter of it).</summary>
public sealed class ListenerDirectoryOptions
{
    public const string Section = "Live:Directory";

    public TimeSpan ListenerExpiry { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan RenewEvery => ListenerExpiry / 4;
}
