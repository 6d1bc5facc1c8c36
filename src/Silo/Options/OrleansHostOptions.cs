using System.ComponentModel.DataAnnotations;

namespace Coordination.Silo.Options;

public sealed class OrleansHostOptions
{
    public const string Section = "Orleans";

    /// <summary>Part of every stored grain state's key: changing it orphans all state.</summary>
    [Required]
    public string ServiceId { get; set; } = "coordination";

    [Required]
    public string ClusterId { get; set; } = "coordination";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The silo's name in membership and logs; the pod name on Kubernetes.</summary>
    public string? SiloName { get; set; }

    /// <summary>The address other silos reach this one on (cluster mode); the pod IP on Kubernetes.</summary>
    public string? AdvertisedIp { get; set; }
}
