namespace Coordination.Dashboard;

/// <summary>Marker for the dashboard's texts: Resources/Strings.resx (Swedish, the default) and Strings.en.resx.</summary>
public sealed class Strings;
