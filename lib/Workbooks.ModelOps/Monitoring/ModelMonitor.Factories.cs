using Microsoft.ML;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>
/// Builds monitors around ML.NET models. A <see cref="PredictionEngine{TSrc, TDst}"/> is not thread-safe, so
/// the monitor serialises calls into one; a <see cref="ITransformer"/> gets one engine per calling thread,
/// so concurrent callers do not wait for each other.
/// </summary>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// var data = ml.Data.LoadFromEnumerable(new[] { new Row { X = 1, Y = 2 }, new Row { X = 2, Y = 4 } });
/// var model = ml.Transforms.CopyColumns("Score", "X").Fit(data);   // a stand-in model: Score = X
/// using var monitor = MonitoredModels.ForTransformer&lt;Row, Out&gt;(ml, model);
/// Console.WriteLine(monitor.Predict(new Row { X = 3 }).Score);
/// // prints: 3
/// </code>
/// </example>
public static class MonitoredModels
{
    /// <summary>Wraps a plain function (any model, any framework).</summary>
    public static ModelMonitor<TIn, TOut> ForFunc<TIn, TOut>(Func<TIn, TOut> predictor, MonitorOptions? options = null, Func<TOut, PredictionView>? project = null) =>
        new(predictor, options, project);

    /// <summary>Wraps one prediction engine; calls into it are serialised because it is not thread-safe.</summary>
    public static ModelMonitor<TIn, TOut> ForPredictionEngine<TIn, TOut>(PredictionEngine<TIn, TOut> engine, MonitorOptions? options = null, Func<TOut, PredictionView>? project = null)
        where TIn : class where TOut : class, new()
    {
        ArgumentNullException.ThrowIfNull(engine);
        var gate = new object();
        return new ModelMonitor<TIn, TOut>(input => { lock (gate) return engine.Predict(input); }, options, project);
    }

    /// <summary>Wraps a trained transformer with one prediction engine per calling thread.</summary>
    public static ModelMonitor<TIn, TOut> ForTransformer<TIn, TOut>(MLContext ml, ITransformer model, MonitorOptions? options = null, Func<TOut, PredictionView>? project = null)
        where TIn : class where TOut : class, new()
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        var engines = new ThreadLocal<PredictionEngine<TIn, TOut>>(() => ml.Model.CreatePredictionEngine<TIn, TOut>(model));
        return new ModelMonitor<TIn, TOut>(input => engines.Value!.Predict(input), options, project);
    }
}
