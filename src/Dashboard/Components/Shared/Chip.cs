using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace Coordination.Dashboard.Components.Shared;

/// <summary>
/// A small, read-only chip drawn with MudChip's own CSS classes, in plain markup. The board shows three chips per
/// open concern in every open page, and a MudChip is a component of its own (with its icon another one): each
/// component keeps two render trees for as long as the page is open, which made chips much of a board circuit's
/// memory.
/// </summary>
public static class Chip
{
    public static RenderFragment Small(string text, Color color, Variant variant, string? icon = null, string? testId = null) =>
        builder => Build(builder, text, color, variant, icon, testId);

    private static void Build(RenderTreeBuilder builder, string text, Color color, Variant variant, string? icon, string? testId)
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "class", $"mud-chip mud-chip-{Css(variant)} mud-chip-size-small mud-chip-color-{Css(color)}");
        builder.AddAttribute(2, "data-testid", testId);
        if (icon is not null)
        {
            builder.OpenElement(3, "svg");
            builder.AddAttribute(4, "class", "mud-icon-root mud-svg-icon mud-icon-size-small mud-chip-icon");
            builder.AddAttribute(5, "focusable", "false");
            builder.AddAttribute(6, "viewBox", "0 0 24 24");
            builder.AddAttribute(7, "aria-hidden", "true");
            builder.AddMarkupContent(8, icon);
            builder.CloseElement();
        }

        builder.OpenElement(9, "span");
        builder.AddAttribute(10, "class", "mud-chip-content");
        builder.AddContent(11, text);
        builder.CloseElement();
        builder.CloseElement();
    }

    private static string Css(Enum value) => value.ToString().ToLowerInvariant();
}
