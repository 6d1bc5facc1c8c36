namespace Coordination.Silo.Options;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seeds the demo tenant and its accounts; never on in production.</summary>
    public bool Enabled { get; set; }
}
