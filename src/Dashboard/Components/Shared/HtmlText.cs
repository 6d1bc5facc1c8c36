using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Coordination.Dashboard.Components.Shared;

/// <summary>
/// Text and attribute values for markup built as strings: encoded like Blazor encodes what it renders, so that text
/// from partners can never become markup. Letters beyond ASCII stay letters (å, not &amp;#xE5;).
/// </summary>
public static class HtmlText
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => string.IsNullOrEmpty(text) ? "" : Encoder.Encode(text);
}
