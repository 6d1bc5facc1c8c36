using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;

namespace Coordination.Bench;

/// <summary>
/// Memory of open board pages (--circuits-only). Each run starts a fresh host, reports a board's worth of
/// concerns, signs both coordinators in with the system Chromium and keeps one warm-up board page each. Then
/// more and more board pages (each its own Blazor Server circuit) are opened, and after each step the host's
/// and Chromium's memory is read after a quiet period; last, reports sent through the API must reach every
/// page, and memory is read once more. Per circuit: the growth over the pages opened since the warm-up, and
/// the slope of a least-squares line over every page count.
/// </summary>
public static class CircuitRuns
{
    public sealed record Options(IReadOnlyList<int> Pages, int Runs, int Concerns, int LiveReports, bool HeapDump)
    {
        public static Options Parse(string[] args) => new(
            Option(args, "--circuits") is { } pages
                ? [.. pages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => int.Parse(p, Invariant)).Order()]
                : [10, 25, 50],
            int.Parse(Option(args, "--runs") ?? "3", Invariant),
            int.Parse(Option(args, "--board-concerns") ?? "30", Invariant),
            int.Parse(Option(args, "--live-reports") ?? "10", Invariant),
            !args.Contains("--no-gcdump"));

        private static string? Option(string[] args, string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }
    }

    /// <summary>
    /// One reading: <paramref name="Pages"/> board pages open beyond the warm-up pages, medians of the samples.
    /// <paramref name="Heap"/> is the live managed heap (dotnet-gcdump, after the full GC it induces).
    /// </summary>
    public sealed record Point(
        string Host, int Run, string Phase, int Pages, int Concerns, long WorkingSet, long Anonymous, GcDumpReport? Heap,
        long ChromiumPss, int Renderers, double LoadAverage)
    {
        public long? Managed => Heap?.TotalBytes;
    }

    /// <summary>How long the last live report took to show on every open page.</summary>
    public sealed record LiveCheck(string Host, int Run, int Pages, TimeSpan AllPagesShowedIt);

    private const int Samples = 5;
    private const int OpenParallelism = 4;
    private const string Warmup = "warm-up";
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SampleSpacing = TimeSpan.FromSeconds(1);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly string[] Areas = ["Centrum", "Söder", "Norr", "Tågaborg", "Olympia", "Råå", "Väla"];

    public static async Task RunAsync(
        IReadOnlyList<(string Name, string Directory)> hosts, Options options, int tickMilliseconds, string resultsDirectory,
        string stamp, string logPath, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var gcdump = options.HeapDump ? GcDumpTool() : null;
        var runsDirectory = Path.Combine(resultsDirectory, "runs");
        Directory.CreateDirectory(runsDirectory);
        var heapReports = Path.Combine(runsDirectory, $"{stamp}-circuits-heap");
        Console.WriteLine($"Board circuits, {Report.Machine().Split(';')[0]}; pages {string.Join(", ", options.Pages)}, {options.Runs} runs, " +
            $"{options.Concerns} open concerns; live heap: {gcdump ?? "no (dotnet-gcdump not found or --no-gcdump)"}; server output: {logPath}");
        using var playwright = await Playwright.CreateAsync();
        var points = new List<Point>();
        var checks = new List<LiveCheck>();
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var (name, directory) in hosts)
            {
                // The host's working directory is its folder: a relative path would be resolved against it.
                var (runPoints, check) = await RunOnceAsync(playwright, name, Path.GetFullPath(directory), run, options, gcdump, heapReports, tickMilliseconds, logPath, cancellationToken);
                points.AddRange(runPoints);
                checks.Add(check);
            }
        }

        var markdown = ToMarkdown(points, checks, started, hosts, options, gcdump is not null);
        await File.WriteAllTextAsync(Path.Combine(runsDirectory, $"{stamp}-circuits.md"), markdown, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(resultsDirectory, "latest-circuits.md"), markdown, cancellationToken);
        Console.WriteLine();
        Console.WriteLine(markdown);
    }

    private static async Task<(List<Point> Points, LiveCheck Check)> RunOnceAsync(
        IPlaywright playwright, string name, string directory, int run, Options options, string? gcdump, string heapReports, int tickMilliseconds,
        string logPath, CancellationToken cancellationToken)
    {
        var data = Path.Combine(Path.GetTempPath(), $"coordination-bench-circuits-{Guid.NewGuid():N}");
        var points = new List<Point>();
        try
        {
            await using var host = await ServerProcess.StartHostAsync(directory, data, tickMilliseconds, logPath, cancellationToken, name);
            Console.WriteLine($"Run {run}, {name}: ready in {host.StartToReady.TotalSeconds:0.0} s at {host.BaseAddress}");
            using var reporter = new Reporter(host.BaseAddress);
            var concerns = new List<Guid>();
            for (var i = 0; i < options.Concerns; i++)
            {
                concerns.Add(await reporter.ReportAsync(cancellationToken));
            }

            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
            });
            var last = concerns.Count > 0 ? concerns[^1] : (Guid?)null;

            // One signed-in context per coordinator, and one board page each that stays open: the first board
            // page compiles and loads what every later one shares, which is no circuit's own cost.
            var contexts = new List<IBrowserContext>();
            var open = new List<IPage>();
            foreach (var account in Accounts.Boards)
            {
                var (context, page) = await SignInAsync(browser, host.BaseAddress, account);
                await OpenBoardAsync(page, last);
                contexts.Add(context);
                open.Add(page);
            }

            var warmupPages = open.Count;
            points.Add(await MeasureAsync(host, name, run, Warmup, 0, concerns.Count, gcdump, heapReports, cancellationToken));
            foreach (var pages in options.Pages)
            {
                var clock = Stopwatch.StartNew();
                var added = new IPage[Math.Max(0, pages - (open.Count - warmupPages))];
                await Parallel.ForAsync(0, added.Length, new ParallelOptions { MaxDegreeOfParallelism = OpenParallelism, CancellationToken = cancellationToken },
                    async (i, _) =>
                    {
                        var page = await contexts[i % contexts.Count].NewPageAsync();
                        await OpenBoardAsync(page, last);
                        added[i] = page;
                    });
                open.AddRange(added);
                Console.WriteLine($"  {pages} board pages open (+{warmupPages} warm-up), {added.Length} opened in {clock.Elapsed.TotalSeconds:0.0} s");
                points.Add(await MeasureAsync(host, name, run, "open", pages, concerns.Count, gcdump, heapReports, cancellationToken));
            }

            // Live: reports through the API must show on every open page without a reload.
            var sent = Stopwatch.StartNew();
            for (var i = 0; i < options.LiveReports; i++)
            {
                concerns.Add(await reporter.ReportAsync(cancellationToken));
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }

            var shown = Stopwatch.StartNew();
            await Task.WhenAll(open.Select(page => ConcernRow(page, concerns[^1]).WaitForAsync()));
            var check = new LiveCheck(name, run, open.Count, shown.Elapsed);
            Console.WriteLine($"  {options.LiveReports} reports in {sent.Elapsed.TotalSeconds:0.0} s; the last one on all {open.Count} pages {check.AllPagesShowedIt.TotalSeconds:0.00} s after it was answered");
            points.Add(await MeasureAsync(host, name, run, "after live reports", open.Count - warmupPages, concerns.Count, gcdump, heapReports, cancellationToken));
            return (points, check);
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<(IBrowserContext Context, IPage Page)> SignInAsync(IBrowser browser, Uri baseAddress, Accounts.Account account)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            Locale = "sv-SE",
        });
        context.SetDefaultTimeout(120_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/culture/set?culture=sv&redirectUri=%2Faccount%2Flogin");
        await page.Locator("#email").FillAsync(account.Email);
        await page.Locator("#password").FillAsync(Accounts.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        return (context, page);
    }

    /// <summary>Opens the board and waits until its circuit answers and its live content is there: the live chip and the newest concern.</summary>
    private static async Task OpenBoardAsync(IPage page, Guid? newest)
    {
        await page.GotoAsync("/board");
        await page.Locator("main[data-interactive=true]").WaitForAsync();
        await page.GetByTestId("live-status").WaitForAsync();
        if (newest is { } id)
        {
            await ConcernRow(page, id).WaitForAsync();
        }
    }

    private static ILocator ConcernRow(IPage page, Guid id) => page.GetByTestId("open-concerns").Locator($"a[href='concerns/{id}']");

    private static async Task<Point> MeasureAsync(
        ServerProcess host, string name, int run, string phase, int pages, int concerns, string? gcdump, string heapReports, CancellationToken cancellationToken)
    {
        await Task.Delay(Quiet, cancellationToken);
        var pid = host.ProcessId!.Value;
        var workingSet = new List<long>();
        var anonymous = new List<long>();
        var chromium = new List<long>();
        var renderers = 0;
        for (var i = 0; i < Samples; i++)
        {
            workingSet.Add(host.WorkingSet());
            anonymous.Add(ProcMemory.Anonymous(pid));
            (var pss, renderers) = ProcMemory.ChromiumPss(Environment.ProcessId);
            chromium.Add(pss);
            await Task.Delay(SampleSpacing, cancellationToken);
        }

        // Last, since the full GC it induces changes what the samples above would see.
        // The whole report is kept beside the results (runs/<time>-circuits-heap/) for a closer look.
        var heap = gcdump is null ? null
            : await LiveHeapAsync(gcdump, pid, Path.Combine(heapReports, $"{name}-run{run}-{phase.Replace(' ', '-')}-{pages}.txt"), cancellationToken);
        var point = new Point(name, run, phase, pages, concerns, Median(workingSet), Median(anonymous), heap, Median(chromium), renderers, MachineCpu.LoadAverage());
        var managed = point.Managed;
        Console.WriteLine(string.Create(Invariant,
            $"    {phase,-18} {pages,3} pages: host working set {Mb(point.WorkingSet),7:0.0} MB, anonymous {Mb(point.Anonymous),7:0.0} MB, " +
            $"live managed {(managed is { } m ? Mb(m).ToString("0.0", Invariant) : "–"),6} MB | Chromium PSS {Mb(point.ChromiumPss),7:0.0} MB in {renderers} renderers | load {point.LoadAverage:0.0}"));
        return point;
    }

    /// <summary>dotnet-gcdump from the PATH or the global tools folder, if installed.</summary>
    private static string? GcDumpTool()
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"));
        return folders.Select(folder => Path.Combine(folder, "dotnet-gcdump")).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// The bytes of every object reachable in the host's managed heap: dotnet-gcdump's report, which induces a
    /// full blocking GC through the runtime's diagnostics port (as an operator taking a heap snapshot would).
    /// </summary>
    private static async Task<GcDumpReport?> LiveHeapAsync(string gcdump, int pid, string reportPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(gcdump) { ArgumentList = { "report", "-p", pid.ToString(Invariant) }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill();
            return null;
        }

        var text = await output;
        Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
        await File.WriteAllTextAsync(reportPath, text, cancellationToken);
        return GcDumpReport.Parse(text);
    }

    public static string ToMarkdown(
        IReadOnlyList<Point> points, IReadOnlyList<LiveCheck> checks, DateTimeOffset started, IReadOnlyList<(string Name, string Directory)> hosts,
        Options options, bool withHeap)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant, $"# Open board circuits, {started:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(string.Create(Invariant, $"Machine: {Report.Machine().Split(';')[0]}. Each run: a fresh host (embedded mode, demo mode, `ASPNETCORE_ENVIRONMENT=Production`, server GC), " +
            $"{options.Concerns} open concerns reported through the API, both coordinators signed in with the system Chromium (headless, one browser " +
            $"context each) and one warm-up board page each that stays open; then board pages (`/board`, each its own Blazor Server circuit, pages alternate " +
            $"between the two coordinators) up to {string.Join(", ", options.Pages)}, each page waited for until it is interactive and shows the live chip and " +
            $"the newest concern. Then {options.LiveReports} reports through the API, 200 ms apart, until the last one shows on every page. After each step " +
            $"{Quiet.TotalSeconds:0} s of quiet, then {Samples} samples {SampleSpacing.TotalSeconds:0} s apart (medians): the host's working set and anonymous " +
            $"memory (`RssAnon`: GC heap and native allocations, no mapped files), and the proportional set size (PSS) of all Chromium processes") +
            (withHeap ? "; then the live managed heap from `dotnet-gcdump report` (bytes of reachable objects after the full GC it induces)." : "."));
        md.AppendLine();
        foreach (var (name, directory) in hosts)
        {
            md.AppendLine(Invariant, $"- `{name}`: {directory}");
        }

        md.AppendLine();
        md.AppendLine("## Per open board page");
        md.AppendLine();
        md.AppendLine("Growth over the warm-up reading divided by the pages opened since, median over runs (MB per page). The slope is a least-squares " +
            "line over the warm-up reading and every page count, and is the figure to quote: it leaves out what does not grow with the pages.");
        md.AppendLine();
        md.AppendLine("| host | figure | runs | host working set | host anonymous | host live managed heap | Chromium PSS |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var group in points.GroupBy(p => p.Host))
        {
            var runs = group.GroupBy(p => p.Run).Select(r => r.ToList()).ToList();
            var rows = new List<(string Figure, Func<List<Point>, Func<Point, long?>, double?> Value)>();
            rows.AddRange(options.Pages.Select(pages => ($"{pages} pages", (Func<List<Point>, Func<Point, long?>, double?>)((run, metric) => PerPage(run, metric, "open", pages)))));
            rows.Add(("slope", Slope));
            rows.Add(($"{options.Pages.Max()} pages after the live reports", (run, metric) => PerPage(run, metric, "after live reports", options.Pages.Max())));
            foreach (var (figure, value) in rows)
            {
                md.AppendLine(Invariant,
                    $"| {group.Key} | {figure} | {runs.Count} | {Cell(runs, run => value(run, p => p.WorkingSet))} | {Cell(runs, run => value(run, p => p.Anonymous))} | " +
                    $"{Cell(runs, run => value(run, p => p.Managed))} | {Cell(runs, run => value(run, p => p.ChromiumPss))} |");
            }
        }

        md.AppendLine();
        md.AppendLine("Live: the last report showed on every open page (warm-up pages included) after, median over runs: " +
            string.Join("; ", checks.GroupBy(c => c.Host).Select(g => string.Create(Invariant,
                $"`{g.Key}` {Median(g.Select(c => c.AllPagesShowedIt.TotalSeconds)):0.00} s on {g.First().Pages} pages"))) + ".");
        if (withHeap)
        {
            AppendGrowthByType(md, points, options.Pages.Max());
        }

        md.AppendLine();
        md.AppendLine("## Every reading");
        md.AppendLine();
        md.AppendLine("| host | run | phase | pages | open concerns | host working set MB | host anonymous MB | host live managed MB | Chromium PSS MB | Chromium renderers | load average |");
        md.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in points)
        {
            md.AppendLine(Invariant,
                $"| {p.Host} | {p.Run} | {p.Phase} | {p.Pages} | {p.Concerns} | {Mb(p.WorkingSet):0.0} | {Mb(p.Anonymous):0.0} | " +
                $"{(p.Managed is { } m ? Mb(m).ToString("0.0", Invariant) : "–")} | {Mb(p.ChromiumPss):0.0} | {p.Renderers} | {p.LoadAverage:0.0} |");
        }

        return md.ToString();
    }

    /// <summary>The types whose live bytes grew most from the warm-up to the most pages, in each host's last run.</summary>
    private static void AppendGrowthByType(StringBuilder md, IReadOnlyList<Point> points, int pages)
    {
        const int Shown = 20;
        foreach (var group in points.GroupBy(p => p.Host))
        {
            var run = group.Max(p => p.Run);
            if (group.FirstOrDefault(p => p.Run == run && p.Phase == Warmup)?.Heap is not { } before
                || group.FirstOrDefault(p => p.Run == run && p.Phase == "open" && p.Pages == pages)?.Heap is not { } after)
            {
                continue;
            }

            var growth = after.ByType
                .Select(t => (Type: t.Key, Bytes: t.Value.Bytes - before.ByType.GetValueOrDefault(t.Key).Bytes, Count: t.Value.Count - before.ByType.GetValueOrDefault(t.Key).Count))
                .OrderByDescending(t => t.Bytes)
                .ToList();
            md.AppendLine();
            md.AppendLine(Invariant, $"## What grows with the pages: `{group.Key}`, run {run}");
            md.AppendLine();
            md.AppendLine(Invariant, $"Live managed heap by type, from the warm-up reading to {pages} pages, per page: the top {Shown} of " +
                $"{growth.Count(t => t.Bytes > 0)} types that grew. Bytes are objects times the size of one object as `dotnet-gcdump report` " +
                $"prints it: exact for fixed-size types, an estimate for arrays and strings; the counts are exact.");
            var components = growth.FirstOrDefault(t => t.Type == "Microsoft.AspNetCore.Components.Server.Circuits.RemoteComponentState").Count;
            md.AppendLine();
            md.AppendLine(Invariant, $"Components per page (`RemoteComponentState` objects): {components / (double)pages:0}.");
            md.AppendLine();
            md.AppendLine("| type | KB per page | objects per page |");
            md.AppendLine("|---|---:|---:|");
            foreach (var (type, bytes, count) in growth.Take(Shown))
            {
                md.AppendLine(Invariant, $"| `{type.Replace("|", "\\|", StringComparison.Ordinal)}` | {bytes / 1024.0 / pages:0.0} | {count / (double)pages:0.0} |");
            }
        }
    }

    private static double? PerPage(List<Point> run, Func<Point, long?> metric, string phase, int pages)
    {
        var baseline = run.First(p => p.Phase == Warmup);
        var point = run.FirstOrDefault(p => p.Phase == phase && p.Pages == pages);
        return point is null || pages == 0 || metric(baseline) is not { } before || metric(point) is not { } after ? null : (after - before) / (double)pages;
    }

    /// <summary>Least squares over the warm-up reading and the page counts.</summary>
    private static double? Slope(List<Point> run, Func<Point, long?> metric)
    {
        var xy = run.Where(p => p.Phase is Warmup or "open" && metric(p) is not null).Select(p => (X: (double)p.Pages, Y: (double)metric(p)!.Value)).ToList();
        if (xy.Count < 2)
        {
            return null;
        }

        var meanX = xy.Average(v => v.X);
        var meanY = xy.Average(v => v.Y);
        var spread = xy.Sum(v => (v.X - meanX) * (v.X - meanX));
        return spread == 0 ? null : xy.Sum(v => (v.X - meanX) * (v.Y - meanY)) / spread;
    }

    private static string Cell(List<List<Point>> runs, Func<List<Point>, double?> value)
    {
        var values = runs.Select(value).OfType<double>().ToList();
        return values.Count == 0 ? "–" : string.Create(Invariant, $"{Mb(Median(values)):0.00} MB");
    }

    private static double Mb(double bytes) => bytes / 1048576.0;

    private static long Median(List<long> values) => values.Order().ElementAt(values.Count / 2);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Reports concerns through the API as the partner accounts of the realistic mix, in turn.</summary>
    private sealed class Reporter(Uri baseAddress) : IDisposable
    {
        private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        private readonly Dictionary<string, string> _tokens = [];
        private int _sent;

        public async Task<Guid> ReportAsync(CancellationToken cancellationToken)
        {
            var account = Accounts.MixReporters[_sent % Accounts.MixReporters.Count];
            if (!_tokens.TryGetValue(account.Email, out var token))
            {
                using var answer = await _http.PostAsJsonAsync("/api/auth/token", new TokenRequest(account.Email, Accounts.Password), Json.Options, cancellationToken);
                answer.EnsureSuccessStatusCode();
                _tokens[account.Email] = token = (await answer.Content.ReadFromJsonAsync<TokenAnswer>(Json.Options, cancellationToken))!.AccessToken;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/concerns")
            {
                Content = JsonContent.Create(new ReportRequest("Hotel", Areas[_sent % Areas.Length], DateTimeOffset.UtcNow.AddHours(-1),
                    ["fear", "signs-of-control"], "Benchmark report: many short visits tonight.", "Normal"), options: Json.Options),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request, cancellationToken);
            _sent++;
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"A report was answered {(int)response.StatusCode}.");
            }

            return (await response.Content.ReadFromJsonAsync<ReportAnswer>(Json.Options, cancellationToken))!.Id;
        }

        public void Dispose() => _http.Dispose();
    }
}

/// <summary>Memory figures Linux gives in /proc that the Process class does not.</summary>
public static class ProcMemory
{
    /// <summary>RssAnon: resident anonymous memory (GC heap, native allocations, stacks), without mapped files.</summary>
    public static long Anonymous(int pid) => StatusKilobytes($"/proc/{pid}/status", "RssAnon:") * 1024;

    /// <summary>The proportional set size of every Chromium process under <paramref name="ancestor"/>, and how many are renderers.</summary>
    public static (long Pss, int Renderers) ChromiumPss(int ancestor)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        long pss = 0;
        var renderers = 0;
        foreach (var pid in parents.Keys.Where(pid => Descends(pid, ancestor, parents)))
        {
            try
            {
                if (File.ReadAllText($"/proc/{pid}/comm").Trim() != "chromium")
                {
                    continue;
                }

                pss += StatusKilobytes($"/proc/{pid}/smaps_rollup", "Pss:") * 1024;
                if (File.ReadAllText($"/proc/{pid}/cmdline").Contains("--type=renderer", StringComparison.Ordinal))
                {
                    renderers++;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return (pss, renderers);
    }

    private static bool Descends(int pid, int ancestor, Dictionary<int, int> parents)
    {
        for (var depth = 0; depth < 64 && parents.TryGetValue(pid, out var parent); depth++)
        {
            if (parent == ancestor)
            {
                return true;
            }

            pid = parent;
        }

        return false;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // After the command name in parentheses (which may hold spaces): state, then the parent's id.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long StatusKilobytes(string path, string key)
    {
        try
        {
            var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
