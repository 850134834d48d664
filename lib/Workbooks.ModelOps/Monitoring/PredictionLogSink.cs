using System.Diagnostics;
using System.Text.Json;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>Settings of a <see cref="PredictionLogSink{TIn, TOut}"/>.</summary>
public sealed record PredictionLogOptions
{
    /// <summary>A batch is written at least this often (and whenever <see cref="BatchSize"/> rows wait). After a
    /// crash, at most this much of the latest traffic is missing from the log.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; init; } = 10_000;
    /// <summary>Also log per-window metric values to the <c>metrics</c> table.</summary>
    public bool LogMetrics { get; init; } = true;
    /// <summary>Tells apart the runs that share one database (ids restart at 1 in each run).</summary>
    public string Run { get; init; } = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'") + "-" + Environment.ProcessId;
}

/// <summary>
/// Writes a monitor's calls, labels and metric values to a <see cref="PredictionLog"/> in batches, on the
/// monitor's background thread. Features are stored as JSON text (DuckDB reads it with <c>features::JSON</c>).
/// </summary>
/// <example>
/// <code>
/// var path = Path.Combine(Path.GetTempPath(), $"doc-{Guid.NewGuid():N}.duckdb");
/// using var log = PredictionLog.Open(path);
/// using (var monitor = new ModelMonitor&lt;double, double&gt;(x => x + 1))
/// {
///     monitor.Pipeline.AddSink(new PredictionLogSink&lt;double, double&gt;(log, monitor));
///     monitor.Predict(1); monitor.Predict(2);
/// }
/// Console.WriteLine(log.Scalar("SELECT count(*) FROM predictions"));
/// // prints: 2
/// </code>
/// </example>
public sealed class PredictionLogSink<TIn, TOut> : IPredictionSink<TIn, TOut>
{
    private readonly PredictionLog _log;
    private readonly PredictionLogOptions _options;
    private readonly Func<TIn, string> _features;
    private readonly Func<TOut, PredictionView> _project;
    private readonly string _model;
    private readonly ModelMonitor<TIn, TOut> _monitor;
    private readonly List<MonitoredCall<TIn, TOut>> _calls = new();
    private readonly List<(long Id, GroundTruth Truth, DateTime Time)> _labels = new();
    private readonly List<MetricSample> _metrics = new();
    private readonly Stopwatch _sinceFlush = Stopwatch.StartNew();
    private long _flushedCalls, _flushedLabels, _batches, _lostRows;

    public PredictionLogSink(PredictionLog log, ModelMonitor<TIn, TOut> monitor, PredictionLogOptions? options = null, Func<TIn, string>? features = null)
    {
        _log = log ?? throw new ArgumentNullException(nameof(log));
        ArgumentNullException.ThrowIfNull(monitor);
        _options = options ?? new PredictionLogOptions();
        if (_options.FlushInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), _options.FlushInterval, "FlushInterval must be positive.");
        if (_options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.BatchSize, "BatchSize must be at least 1.");
        // Not JsonText: the caller's own input type, as System.Text.Json writes it by default (its own property names).
        _features = features ?? (x => JsonSerializer.Serialize(x));
        _project = monitor.Pipeline.Project;
        _model = monitor.Options.ModelName;
        _monitor = monitor;
    }

    public string Run => _options.Run;
    /// <summary>Predictions written and committed so far.</summary>
    public long FlushedPredictions => Interlocked.Read(ref _flushedCalls);
    public long FlushedLabels => Interlocked.Read(ref _flushedLabels);
    public long Batches => Interlocked.Read(ref _batches);
    /// <summary>Rows (predictions, labels, metric values) of batches the database refused: dropped, so memory stays
    /// bounded, and counted here; each such batch is also a sink error of the monitor (see <see cref="SinkHealth"/>).</summary>
    public long LostRows => Interlocked.Read(ref _lostRows);
    /// <summary>Called after each committed batch with the total of predictions committed so far.</summary>
    public event Action<long>? Flushed;

    public void WriteCall(in MonitoredCall<TIn, TOut> call)
    {
        _calls.Add(call);
        if (_calls.Count >= _options.BatchSize) Flush();
    }

    public void WriteLabel(long id, GroundTruth truth, DateTime time) => _labels.Add((id, truth, time));

    public void WriteMetric(in MetricSample sample)
    {
        if (_options.LogMetrics) _metrics.Add(sample);
    }

    public void Tick()
    {
        if (_sinceFlush.Elapsed >= _options.FlushInterval) Flush();
    }

    public void Flush()
    {
        _sinceFlush.Restart();
        if (_calls.Count + _labels.Count + _metrics.Count == 0) return;
        try
        {
            Write();
        }
        catch (Exception e)
        {
            long lost = _calls.Count + _labels.Count + _metrics.Count;
            Interlocked.Add(ref _lostRows, lost);
            _calls.Clear(); _labels.Clear(); _metrics.Clear();
            throw new IOException($"The prediction log {_log.Path} refused a batch; its {lost} unwritten rows are lost: {e.Message}", e);
        }
        Interlocked.Increment(ref _batches);
        Flushed?.Invoke(FlushedPredictions);
    }

    // Each table's rows are one appender transaction; a list is cleared once its rows are committed.
    private void Write()
    {
        // Predictions carry the version that served them; labels and metric values the version serving now.
        string run = _options.Run, model = _model, version = _monitor.ModelVersion;
        _log.Append("predictions", _calls, (row, c) =>
        {
            var view = c.Failed && c.Failure == CallFailure.Exception ? new PredictionView(null, double.NaN) : _project(c.Output!);
            row.AppendValue(run).AppendValue(c.Id).AppendValue(c.Time).AppendValue(model).AppendValue(c.ModelVersion ?? version)
               .AppendValue(SafeFeatures(c.Input)).AppendValue(view.Class).AppendValue(Nullable(view.Score))
               .AppendValue(c.LatencyMicroseconds).AppendValue(c.Failure?.ToString().ToLowerInvariant());
        });
        Interlocked.Add(ref _flushedCalls, _calls.Count);
        _calls.Clear();
        _log.Append("labels", _labels, (row, l) => row.AppendValue(run).AppendValue(l.Id).AppendValue(l.Time)
            .AppendValue(model).AppendValue(version).AppendValue(l.Truth.Class).AppendValue(Nullable(l.Truth.Value)));
        Interlocked.Add(ref _flushedLabels, _labels.Count);
        _labels.Clear();
        _log.Append("metrics", _metrics, (row, m) => row.AppendValue(run).AppendValue(m.Time).AppendValue(model)
            .AppendValue(version).AppendValue(m.WindowKey).AppendValue(m.Name).AppendValue(Nullable(m.Value)));
        _metrics.Clear();
    }

    private string? SafeFeatures(TIn input)
    {
        try { return input is null ? null : _features(input); }
        catch (Exception e) { return JsonText.Serialize(new FeaturesError($"features could not be serialised: {e.Message}"), indented: false); }
    }

    /// <summary>What the features column holds for an input that could not be serialised: <c>{"error": "..."}</c>.</summary>
    private sealed record FeaturesError(string Error);

    private static double? Nullable(double v) => double.IsFinite(v) ? v : null;

    public void Dispose() => Flush();
}
