using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring;
using Workbooks.Serving.Rows;

namespace Workbooks.Serving.Hosting;

/// <summary>
/// The library's <see cref="ModelMonitor{TIn, TOut}"/> for a service: every answered row is recorded with the
/// version that answered it (cache hits included, timed from the start of the lookup), ids are handed out for
/// delayed labels, the monitor follows each swap of the <see cref="ModelHost"/> (so its meters carry the new
/// version tag), quality is evaluated per window for the model's task, and with a log path every call, label and
/// window metric goes to the DuckDB prediction log. Disposing it (the host does at shutdown, after the server has
/// drained) flushes the monitor and the log.
/// </summary>
public sealed class ServingMonitor : IDisposable
{
    private readonly PredictionLog? _log;

    public ServingMonitor(ModelHost host, ServingOptions options)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = options.Name ?? Path.GetFileNameWithoutExtension(options.Model ?? "model");
        Monitor = new ModelMonitor<ServedRow, PredictionView>(
            row => (host.Current ?? throw new InvalidOperationException("No model is loaded yet.")).Predict(row),
            new MonitorOptions { ModelName = name, ModelVersion = host.Current?.Version ?? "none", Window = WindowSpec.ByCount(options.WindowSize), KeepWindowCalls = false },
            v => v);
        if (options.Log is { } path)
        {
            _log = PredictionLog.Open(path);
            Monitor.Pipeline.AddSink(new PredictionLogSink<ServedRow, PredictionView>(_log, Monitor, new PredictionLogOptions(), row => row.ToJson()));
        }
        host.Swapped += Follow;
        if (host.Current is { } current) Follow(current);
    }

    public ModelMonitor<ServedRow, PredictionView> Monitor { get; }

    private void Follow(ServedModel model)
    {
        Monitor.Pipeline.QualityEvaluator = model.Model.Task switch
        {
            ModelTask.Regression => QualityEvaluators.Regression(),
            ModelTask.Binary => QualityEvaluators.Binary(model.Model.PositiveClass!),
            _ => QualityEvaluators.Multiclass(),
        };
        Monitor.SwapModel(model.Predict, model.Version);
    }

    /// <summary>Flushes every recorded call and label through the windows, sinks and log, then closes them.</summary>
    public void Dispose()
    {
        Monitor.Dispose();
        _log?.Dispose();
    }
}
