using System.Diagnostics;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring.Alerts;

namespace Workbooks.ModelOps.Monitoring.Simulation;

/// <summary>One replayed row: its index in the replayed table.</summary>
public sealed record ReplayRow(int Row);

/// <summary>Settings of a <see cref="TrafficSimulation"/>.</summary>
public sealed record SimulationOptions
{
    /// <summary>Rows per second of wall time; null replays as fast as the model goes.</summary>
    public double? Rate { get; init; }
    /// <summary>Stop after this much wall time; null runs to the end of the data.</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>A row's label arrives this many rows after its prediction (0: at once); rows, not time, so the delay
    /// means the same recorded time with or without <see cref="CompressInto"/>.</summary>
    public int LabelDelay { get; init; }
    /// <summary>Replay the rows' recorded period as this much simulated time (e.g. one day), mapped linearly by
    /// <see cref="TimeCompression"/>; null keeps the recorded times. Windows, log times and alerts use the simulated times.</summary>
    public TimeSpan? CompressInto { get; init; }
    /// <summary>Where the compressed span starts (UTC); null: midnight of the first replayed row's date.</summary>
    public DateTime? CompressStart { get; init; }
    public WindowSpec Window { get; init; } = WindowSpec.ByCount(500);
    public string ModelName { get; init; } = "replay";
    public string ModelVersion { get; init; } = "1";
    /// <summary>DuckDB prediction log to write (null: none).</summary>
    public string? LogPath { get; init; }
    public PredictionLogOptions LogOptions { get; init; } = new();
    /// <summary>JSON Lines file for alert events (null: none).</summary>
    public string? AlertsPath { get; init; }
    /// <summary>Alert rules; null: <see cref="TrafficSimulation.DefaultRules"/> from the model's holdout quality.</summary>
    public IReadOnlyList<AlertRule>? Rules { get; init; }
    /// <summary>Serve Prometheus metrics on this port of 127.0.0.1 (null: none).</summary>
    public int? MetricsPort { get; init; }
    /// <summary>How often progress is reported (wall time).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Regression: a prediction counts as incorrect in the error rate when |actual − predicted| exceeds this
    /// (in the label's unit); null: only failed calls and wrong classes count as errors.</summary>
    public double? IncorrectAbove { get; init; }
    /// <summary>Fault injection for drills: this fraction of calls fails with a simulated timeout before reaching the
    /// model (seeded by <see cref="Seed"/>, so a replay is repeatable). 0 by default.</summary>
    public double SimulatedFailureRate { get; init; }
    public int Seed { get; init; } = 42;
}

/// <summary>A line of progress: where the replay is and what the monitor sees.</summary>
public sealed record SimulationProgress(int RowsDone, int RowsTotal, DateTime DataTime, MonitorCounts Counts, double RowsPerSecond,
    IReadOnlyDictionary<string, double> Latest, IReadOnlyDictionary<string, AlertSeverity> ActiveAlerts, long FlushedPredictions)
{
    public override string ToString()
    {
        var latest = string.Join(" ", new[] { "accuracy", "mae", "error_rate", "latency_p99_ms" }
            .Where(Latest.ContainsKey).Select(k => $"{k}={Latest[k]:0.###}"));
        var alerts = ActiveAlerts.Count == 0 ? "none" : string.Join(",", ActiveAlerts.Select(a => $"{a.Key}:{a.Value.ToString().ToLowerInvariant()}"));
        return $"rows {RowsDone}/{RowsTotal} at {DataTime:yyyy-MM-dd HH:mm} | {RowsPerSecond:0} rows/s | requests={Counts.Requests} failures={Counts.Failures} dropped={Counts.Dropped} | {latest} | alerts firing: {alerts} | flushed={FlushedPredictions}";
    }
}

/// <summary>
/// Replays a time-ordered dataset as production traffic through a model with the monitor on: each row is
/// predicted at its own time (a <see cref="SimulatedClock"/>), its label arrives later, windows give quality
/// and latency, alert rules fire and resolve, and the prediction log and metrics endpoint fill as in production.
/// Cancelling the token stops the replay cleanly: every label sent, every window closed, every batch flushed.
/// </summary>
public static class TrafficSimulation
{
    /// <summary>Quality rules relative to the holdout score (warning at 10% worse, critical at 20%, two windows in a row)
    /// plus latency and failure rules.</summary>
    public static IReadOnlyList<AlertRule> DefaultRules(ModelTask task, IReadOnlyDictionary<string, double> baseline)
    {
        var rules = new List<AlertRule>
        {
            AlertRule.Above("latency", "latency_p99_ms", warning: 50, critical: 250) with { ConsecutiveBreaches = 2 },
            AlertRule.Above("failures", "failure_rate", warning: 0.01, critical: 0.05),
        };
        if (task == ModelTask.Regression && baseline.TryGetValue("mae", out var mae))
            rules.Add(AlertRule.Above("quality", "mae", warning: 1.25 * mae, critical: 1.5 * mae) with { ConsecutiveBreaches = 2, ConsecutiveClears = 2 });
        else if (baseline.TryGetValue("accuracy", out var acc))
            rules.Add(AlertRule.Below("quality", "accuracy", warning: 0.9 * acc, critical: 0.8 * acc) with { ConsecutiveBreaches = 2, ConsecutiveClears = 2 });
        return rules;
    }

    /// <summary>Replays rows [<paramref name="from"/>, end) of <paramref name="data"/> through <paramref name="model"/>.</summary>
    public static ReplayResult Run(ReplayDataset data, TrainedModel model, int from, SimulationOptions options,
        IReadOnlyDictionary<string, double> baseline, Action<SimulationProgress>? progress = null, Action<long>? flushed = null,
        CancellationToken cancel = default)
    {
        if (from < 0 || from >= data.RowCount) throw new ArgumentOutOfRangeException(nameof(from), from, $"The replay must start within the {data.RowCount} rows.");
        model = data.Bind(model);
        return Run(data, model.CreatePredictor(data.Table), model.Features, from, options, baseline, progress, flushed, cancel);
    }

    /// <summary>Replays rows [<paramref name="from"/>, end) of <paramref name="data"/> through any predictor of table rows
    /// (<paramref name="features"/>: the columns the prediction log stores). A call that throws is counted as failed.</summary>
    public static ReplayResult Run(ReplayDataset data, Func<int, PredictionView> predictRow, IReadOnlyList<string> features, int from,
        SimulationOptions options, IReadOnlyDictionary<string, double> baseline, Action<SimulationProgress>? progress = null,
        Action<long>? flushed = null, CancellationToken cancel = default)
    {
        if (from < 0 || from >= data.RowCount) throw new ArgumentOutOfRangeException(nameof(from), from, $"The replay must start within the {data.RowCount} rows.");
        if (options.Rate is { } r && !(r > 0)) throw new ArgumentOutOfRangeException(nameof(options), r, "The rate must be a positive number of rows per second.");
        if (!(options.SimulatedFailureRate >= 0 && options.SimulatedFailureRate < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.SimulatedFailureRate, "SimulatedFailureRate must be in [0, 1).");
        // times[row - from] is when row is replayed: recorded, or compressed into the simulated span
        var times = options.CompressInto is { } span
            ? TimeCompression.Map(data.Times, from, options.CompressStart ?? data.Times[from].Date, span)
            : data.Times[from..];
        double speedUp = options.CompressInto is { } s ? TimeCompression.Factor(data.Times, from, s) : 1;
        var clock = new SimulatedClock(times[0]);
        Func<ReplayRow, PredictionView> predict = r => predictRow(r.Row);
        // Replayed data has gaps (missing hours), so a label can come later in data time than its delay in rows suggests:
        // labels wait for up to 90 days of recorded time (scaled like the clock when compressed).
        var monitorOptions = new MonitorOptions { ModelName = options.ModelName, ModelVersion = options.ModelVersion, Clock = clock, Window = options.Window,
            BackPressure = BackPressure.Block, LabelTimeToLive = TimeSpan.FromDays(90) / speedUp };
        using var telemetry = options.MetricsPort is { } port ? MonitorTelemetry.StartPrometheus(port) : null;
        using var log = options.LogPath is { } path ? PredictionLog.Open(path) : null;
        var sinks = new List<IAlertSink>();
        if (log is not null) sinks.Add(log);
        if (options.AlertsPath is { } alertsPath) sinks.Add(new JsonLinesAlertSink(alertsPath));
        var collector = new ReplayWindows(options);
        using var engine = new AlertEngine(options.Rules ?? DefaultRules(data.Task, baseline), sinks, options.ModelName, options.ModelVersion);
        PredictionLogSink<ReplayRow, PredictionView>? sink = null;
        var monitor = new ModelMonitor<ReplayRow, PredictionView>(predict, monitorOptions, v => v);
        int done = 0;
        bool interrupted = false;
        try
        {
            monitor.Pipeline.QualityEvaluator = data.Evaluator();
            monitor.Pipeline.AddWindowObserver(collector);
            monitor.Pipeline.AddQualityObserver(collector);
            engine.Watch(monitor);
            if (log is not null)
            {
                sink = new PredictionLogSink<ReplayRow, PredictionView>(log, monitor, options.LogOptions, row => data.FeaturesJson(features, row.Row));
                if (flushed is not null) sink.Flushed += flushed;
                monitor.Pipeline.AddSink(sink);
            }
            var waiting = new Queue<(long Id, int Row)>();
            var wall = Stopwatch.StartNew();
            var lastProgress = TimeSpan.Zero;
            for (int row = from; row < data.RowCount; row++)
            {
                if (cancel.IsCancellationRequested || (options.Duration is { } d && wall.Elapsed >= d)) { interrupted = cancel.IsCancellationRequested; break; }
                clock.Set(times[row - from]);
                bool injected = collector.InjectFailure();
                if (!injected)
                {
                    try { monitor.Predict(new ReplayRow(row), out long id); waiting.Enqueue((id, row)); }
                    catch (Exception e) when (e is not OutOfMemoryException) { }   // the monitor counted the failed call; no label follows
                }
                collector.Replayed(times[row - from], injected);
                while (waiting.Count > options.LabelDelay) { var (lid, lrow) = waiting.Dequeue(); monitor.Label(lid, data.TruthAt(lrow)); }
                done++;
                if (options.Rate is { } rate)
                {
                    var due = TimeSpan.FromSeconds(done / rate) - wall.Elapsed;
                    if (due > TimeSpan.Zero) cancel.WaitHandle.WaitOne(due);
                }
                if (progress is not null && wall.Elapsed - lastProgress >= options.ProgressInterval)
                {
                    lastProgress = wall.Elapsed;
                    progress(new SimulationProgress(done, data.RowCount - from, times[row - from], monitor.Counts, done / wall.Elapsed.TotalSeconds,
                        monitor.Pipeline.LatestMetrics.ToDictionary(), engine.Active, sink?.FlushedPredictions ?? 0));
                }
            }
            while (waiting.Count > 0) { var (lid, lrow) = waiting.Dequeue(); monitor.Label(lid, data.TruthAt(lrow)); }
        }
        finally
        {
            monitor.Dispose();   // flushes: every call and label processed, windows closed, log batches committed
            engine.Flush();
        }
        return new ReplayResult(done, interrupted, monitor.Counts, sink?.FlushedPredictions ?? 0, engine.History, collector.Windows(), baseline);
    }
}
