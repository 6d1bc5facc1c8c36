using System.Globalization;
using System.Text.RegularExpressions;

namespace Coordination.Bench;

/// <summary>
/// What the harness reads from the text of <c>dotnet-gcdump report</c> (heapstat): the bytes of all objects in
/// the heap graph, and per type the count and the size of one object (the report prints no per-type total, so
/// count times size is exact for fixed-size types and an estimate for arrays and strings).
/// </summary>
public sealed partial record GcDumpReport(long TotalBytes, IReadOnlyDictionary<string, (long Bytes, long Count)> ByType)
{
    public static GcDumpReport? Parse(string text)
    {
        long? total = null;
        var byType = new Dictionary<string, (long Bytes, long Count)>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (TotalLine().Match(line) is { Success: true } heap)
            {
                total = Number(heap.Groups[1].Value);
            }
            else if (TypeLine().Match(line) is { Success: true } row)
            {
                // Large arrays come as separate rows by size class ("(Bytes > 1M)"): one type, one row here.
                var type = row.Groups[3].Value;
                var (bytes, count) = byType.GetValueOrDefault(type);
                var rowCount = Number(row.Groups[2].Value);
                byType[type] = (bytes + Number(row.Groups[1].Value) * rowCount, count + rowCount);
            }
        }

        return total is { } bytesInHeap ? new GcDumpReport(bytesInHeap, byType) : null;
    }

    private static long Number(string digits) => long.Parse(digits.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap bytes")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^\s*([\d,]+)\s+([\d,]+)\s+(.+?)(?:\s+\(Bytes > [^)]*\))?\s+\[[^\]]*\]\s*$")]
    private static partial Regex TypeLine();
}
