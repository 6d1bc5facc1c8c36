using System.ComponentModel.DataAnnotations;

namespace Coordination.Silo.Options;

/// <summary>How deltas are pushed to clients.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>Deltas are coalesced per tick; the first change after a quiet tick goes out at once.</summary>
    [Range(1, 1000)]
    public int TickMilliseconds { get; set; } = 50;

    /// <summary>A client further behind than this gets a snapshot instead of the missed deltas.</summary>
    [Range(1, 100_000)]
    public int CatchUpLimit { get; set; } = 500;
}
