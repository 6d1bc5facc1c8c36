using Microsoft.AspNetCore.Components;

namespace Coordination.Dashboard.Components.Shared;

/// <summary>
/// A list's items as markup, each handed out again as the same string while it renders unchanged. Blazor keeps a
/// component's current and previous render tree for as long as the page is open; an unchanged row then holds one
/// string in both instead of two copies.
/// </summary>
public sealed class MarkupReuse<TKey> where TKey : notnull
{
    private Dictionary<TKey, MarkupString> _last = [];

    public IReadOnlyList<(TKey Key, MarkupString Markup)> Render(IEnumerable<(TKey Key, string Html)> items)
    {
        var next = new Dictionary<TKey, MarkupString>(_last.Count);
        var rendered = new List<(TKey, MarkupString)>(_last.Count);
        foreach (var (key, html) in items)
        {
            var markup = _last.TryGetValue(key, out var last) && last.Value == html ? last : new MarkupString(html);
            next[key] = markup;
            rendered.Add((key, markup));
        }

        _last = next;
        return rendered;
    }
}
