using Microsoft.AspNetCore.Components;
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
    /// <param name="icon">An SVG icon's inner markup (MudBlazor's <see cref="Icons"/>): markup, not text.</param>
    public static MarkupString Small(string text, Color color, Variant variant, string? icon = null, string? testId = null)
    {
        var testIdAttribute = testId is null ? "" : $" data-testid=\"{HtmlText.Encode(testId)}\"";
        var iconMarkup = icon is null ? ""
            : $"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-small mud-chip-icon\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{icon}</svg>";
        return new MarkupString(
            $"<span class=\"mud-chip mud-chip-{Css(variant)} mud-chip-size-small mud-chip-color-{Css(color)}\"{testIdAttribute}>{iconMarkup}" +
            $"<span class=\"mud-chip-content\">{HtmlText.Encode(text)}</span></span>");
    }

    private static string Css(Enum value) => value.ToString().ToLowerInvariant();
}
