using System.Diagnostics;
using System.Text.Json.Serialization;
using Workbooks.ModelOps.Monitoring;
using Workbooks.Serving.Caching;
using Workbooks.Serving.Rows;

namespace Workbooks.Serving.Hosting;

/// <summary>One answered row: the prediction, the model and version that made it, whether it came from the cache,
/// and the id to send its label with (<c>POST /labels</c>; null when the monitor is off).</summary>
public sealed record ServedPrediction(
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("class"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Class,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("cached")] bool Cached,
    [property: JsonPropertyName("id")] long? Id);

/// <summary>
/// What <c>POST /predict</c> does for each row, usable without HTTP: take the serving version once (so model,
/// cache key and version tag agree even while a swap lands), answer from the cache or the model, and record the
/// call with the monitor. A model that throws is recorded as a failed call and the exception goes to the caller.
/// </summary>
public sealed class PredictionService(ModelHost host, ServingMonitor? monitor, PredictionCache? cache)
{
    public ModelHost Host => host;
    public ServingMonitor? Monitor => monitor;
    public PredictionCache? Cache => cache;

    /// <summary>The version answering now, or an <see cref="InvalidOperationException"/> before the first is loaded.</summary>
    public ServedModel Serving => host.Current ?? throw new InvalidOperationException("No model is loaded yet.");

    public async ValueTask<ServedPrediction> PredictAsync(ServedModel model, ServedRow row, CancellationToken cancel = default)
    {
        long start = Stopwatch.GetTimestamp();
        PredictionView view;
        bool cached;
        try
        {
            if (cache is null) (view, cached) = (model.Predict(row), false);
            else (view, cached) = await cache.GetOrPredictAsync(model, row, cancel).ConfigureAwait(false);
        }
        catch (Exception) when (!cancel.IsCancellationRequested)
        {
            monitor?.Monitor.RecordFailure(row, start, model.Version);
            throw;
        }
        long? id = monitor?.Monitor.Record(row, view, start, model.Version);
        ServingMeters.Row(model.Name, model.Version, cached);
        return new ServedPrediction(view.Score, view.Class, model.Name, model.Version, cached, id);
    }
}
