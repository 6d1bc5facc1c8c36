namespace Coordination.Grains.Live;

/// <summary>The cluster's list of host listeners; hosts renew their registration well before it expires.</summary>
[Alias("Coordination.IHostDirectoryGrain")]
public interface IHostDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("Subscribe")]
    Task Subscribe(IDeltaObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IDeltaObserver observer);

    /// <summary>The listeners currently registered (no personal data).</summary>
    [Alias("GetHosts")]
    Task<IReadOnlyList<IDeltaObserver>> GetHosts();
}
