using System.Diagnostics;
using System.Runtime.InteropServices;
using Workbooks.ModelOps.Monitoring;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Monitoring;

/// <summary>Runs <c>workbooks simulate</c> as a real child process, then kills it (SIGKILL) or interrupts it (SIGINT).</summary>
public sealed class SimulateProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-sim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Process StartSimulate(params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "workbooks.dll");
        // A test host may start children with SIGINT ignored, and .NET keeps an ignored SIGINT ignored; perl (essential
        // on Debian) restores the default disposition and then execs the CLI, so the child sees Ctrl+C as a terminal sends it.
        var start = new ProcessStartInfo("perl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add("$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(cli);
        start.ArgumentList.Add("simulate");
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["WORKBOOKS_DATA_MIRROR"] = Environment.GetEnvironmentVariable("WORKBOOKS_DATA_MIRROR");
        return Process.Start(start)!;
    }

    /// <summary>Reads stdout lines until <paramref name="stop"/> says so, or the deadline passes.</summary>
    private List<string> ReadUntil(Process p, Func<List<string>, bool> stop, TimeSpan deadline)
    {
        var lines = new List<string>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            var read = p.StandardOutput.ReadLineAsync();
            if (!read.Wait(deadline - clock.Elapsed) || read.Result is null) break;
            lines.Add(read.Result);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F2}s {read.Result}");
            if (stop(lines)) break;
        }
        return lines;
    }

    private static long LastFlushed(IEnumerable<string> lines) =>
        lines.Where(l => l.StartsWith("flushed ", StringComparison.Ordinal)).Select(l => long.Parse(l["flushed ".Length..])).DefaultIfEmpty(0).Last();

    [Fact]
    public void A_SIGKILL_mid_run_leaves_a_log_holding_every_flushed_batch()
    {
        var db = Path.Combine(_dir, "crash.duckdb");
        using var child = StartSimulate("--dataset", "elec2", "--train", "--rate", "4000", "--log", db, "--flush-interval", "0.2");
        // Wait for at least three committed batches, then kill without warning.
        var lines = ReadUntil(child, l => l.Count(x => x.StartsWith("flushed ", StringComparison.Ordinal)) >= 3, TimeSpan.FromSeconds(120));
        long flushed = LastFlushed(lines);
        // (stderr is read only on failure: reading it waits for the child to end)
        if (flushed == 0) Assert.Fail("the child reported no flushed batch: " + string.Join(" / ", lines) + child.StandardError.ReadToEnd());
        Assert.Equal(0, kill(child.Id, 9));   // SIGKILL: no handler, no flush, no cleanup
        Assert.True(child.WaitForExit(30_000));
        Assert.Equal(128 + 9, child.ExitCode);

        using var log = PredictionLog.Open(db);
        long rows = Convert.ToInt64(log.Scalar("SELECT count(*) FROM predictions"));
        output.WriteLine($"reported flushed {flushed} before SIGKILL, found {rows} rows after it");
        Assert.True(rows >= flushed, $"{rows} rows in the log, but {flushed} were reported flushed before the kill");
        Assert.True(rows < 36_250, "the run was killed mid-way, so the log cannot hold every row");
        // Row ids are 1..rows with no gap: whole batches survive, in order.
        Assert.Equal(rows, Convert.ToInt64(log.Scalar("SELECT max(id) FROM predictions")));
    }

    [Fact]
    public void Ctrl_C_stops_cleanly_with_everything_flushed()
    {
        var db = Path.Combine(_dir, "sigint.duckdb");
        var alerts = Path.Combine(_dir, "alerts.jsonl");
        using var child = StartSimulate("--dataset", "elec2", "--train", "--rate", "3000", "--log", db, "--alerts", alerts, "--flush-interval", "0.5");
        var lines = ReadUntil(child, l => LastFlushed(l) > 0, TimeSpan.FromSeconds(120));
        if (LastFlushed(lines) == 0) Assert.Fail("no batch flushed before the interrupt: " + child.StandardError.ReadToEnd());
        Assert.Equal(0, kill(child.Id, 2));   // SIGINT, as Ctrl+C sends
        lines.AddRange(ReadUntil(child, l => l[^1].StartsWith("interrupted", StringComparison.Ordinal), TimeSpan.FromSeconds(60)));
        Assert.True(child.WaitForExit(60_000));
        Assert.Equal(0, child.ExitCode);
        var summary = lines.Last(l => l.StartsWith("interrupted", StringComparison.Ordinal));
        long requests = long.Parse(summary.Split("requests=")[1].Split(' ')[0]);
        long logged = long.Parse(summary.Split("logged=")[1]);
        Assert.Equal(requests, logged);
        using var log = PredictionLog.Open(db);
        Assert.Equal(requests, Convert.ToInt64(log.Scalar("SELECT count(*) FROM predictions")));
        Assert.Equal(requests, Convert.ToInt64(log.Scalar("SELECT count(*) FROM labels")));
        Assert.True(File.Exists(alerts));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
