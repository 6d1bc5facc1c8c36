using MudBlazor;

namespace Coordination.Dashboard.Components.Layout;

/// <summary>A calm public-sector palette; every colour pair meets WCAG 2.1 AA contrast on its background.</summary>
public static class CoordinationTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1B4F72",
            Secondary = "#00695C",
            Tertiary = "#6A1B9A",
            Info = "#0B5CAD",
            Success = "#2E7D32",
            Warning = "#8A4B00",
            Error = "#B3261E",
            AppbarBackground = "#1B4F72",
            Background = "#F4F6F8",
            DrawerBackground = "#FFFFFF",
            TextSecondary = "#4A5560",
            ActionDefault = "#3C4650",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
