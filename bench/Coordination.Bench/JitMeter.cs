namespace Coordination.Bench;

/// <summary>
/// CPU time of a server's background JIT (the runtime's ".NET Tiered Com" thread, which recompiles hot methods at tier 1)
/// over a window, from /proc. The thread ends after a few idle seconds and a new one starts later, so it is read every
/// 100 ms: a thread that ends loses at most its last 100 ms to the count.
/// </summary>
public sealed class JitMeter : IAsyncDisposable
{
    // USER_HZ: /proc reports times in clock ticks of 1/100 s on Linux.
    private const double TicksPerSecond = 100;

    private readonly int _pid;
    private readonly Dictionary<int, long> _last = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _ticks;

    private JitMeter(int pid)
    {
        _pid = pid;
        foreach (var (tid, ticks) in Read())
        {
            _last[tid] = ticks;
        }

        _loop = Task.Run(PollAsync);
    }

    /// <summary>A meter from now on, or null where /proc cannot be read (another OS, a host someone else runs).</summary>
    public static JitMeter? Start(int? pid) =>
        pid is { } id && Directory.Exists($"/proc/{id}/task") ? new JitMeter(id) : null;

    /// <summary>Stops the meter; the background JIT's CPU seconds since it started.</summary>
    public async Task<double> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample();
        return _ticks / TicksPerSecond;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Sample()
    {
        foreach (var (tid, ticks) in Read())
        {
            // A thread first seen now started within the window: all of its time counts.
            _ticks += ticks - _last.GetValueOrDefault(tid);
            _last[tid] = ticks;
        }
    }

    private IEnumerable<(int Tid, long Ticks)> Read()
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{_pid}/task");
        }
        catch (IOException)
        {
            yield break;
        }

        foreach (var task in tasks)
        {
            long? ticks = null;
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                {
                    // Fields after the command's closing parenthesis: state is the 3rd field of the line, utime the 14th, stime the 15th.
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                        + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }

            if (ticks is { } value)
            {
                yield return (int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture), value);
            }
        }
    }
}
