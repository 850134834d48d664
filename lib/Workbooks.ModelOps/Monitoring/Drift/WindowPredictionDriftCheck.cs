using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Drift.Prediction;
using Workbooks.ModelOps.Metrics;

namespace Workbooks.ModelOps.Monitoring.Drift;

/// <summary>
/// Prediction drift on every traffic window: the outputs of the window's successful calls are projected by the
/// monitor's <see cref="PredictionProjection"/> (or the one given) and compared with the reference outputs by
/// <see cref="PredictionDrift"/>. A numerical reference compares scores, a categorical one predicted classes.
/// It reports one <see cref="DriftScore"/> named <c>drift.&lt;reference column name&gt;</c> (the test's score, as
/// in <see cref="WindowDataDriftCheck{TIn, TOut}"/>). Windows with fewer than <c>minimumRows</c> outputs are skipped.
/// </summary>
/// <example>
/// <code>
/// var reference = TableColumn.Numerical("prediction", Enumerable.Range(0, 100).Select(i => i / 100.0).ToArray());
/// var check = new WindowPredictionDriftCheck&lt;int, double&gt;(reference);
/// var calls = Enumerable.Range(0, 50).Select(i => new MonitoredCall&lt;int, double&gt;(i, 0, 0, i, 0.5 + i / 100.0, null)).ToArray();
/// var window = new MonitorWindow&lt;int, double&gt;(0, "[0:50)", default, default, true, new CallCounts(50, 0, 0, 0, 0, TimeSpan.Zero), LatencySnapshot.Empty, calls);
/// var score = check.Check(window)[0];
/// Console.WriteLine($"{score.Name} {check.LastResult!.Column.Test} {score.Drifted}");
/// // prints: drift.prediction ks True
/// </code>
/// </example>
public sealed class WindowPredictionDriftCheck<TIn, TOut> : IWindowDriftCheck<TIn, TOut>
{
    private readonly Func<TOut, PredictionView> _project;
    private readonly DriftOptions _options;
    private readonly int _minimumRows;

    /// <param name="reference">Reference outputs: scores (numerical) or predicted classes (categorical); its name names the metric.</param>
    /// <param name="project">Output to class and score; null: <see cref="PredictionProjection.Default{TOut}"/>.</param>
    /// <param name="options">Test and threshold, as for <see cref="PredictionDrift"/>.</param>
    /// <param name="minimumRows">Windows with fewer successful calls are not tested.</param>
    public WindowPredictionDriftCheck(TableColumn reference, Func<TOut, PredictionView>? project = null, DriftOptions? options = null, int minimumRows = 30)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumRows, 1);
        if (reference.Length == 0) throw new ArgumentException($"The reference predictions '{reference.Name}' are empty.", nameof(reference));
        Reference = reference; _project = project ?? PredictionProjection.Default<TOut>(); _options = options ?? new DriftOptions(); _minimumRows = minimumRows;
    }

    public string Name => "prediction_drift";
    public TableColumn Reference { get; }
    /// <summary>The result of the latest tested window; null before the first.</summary>
    public PredictionDriftResult? LastResult { get; private set; }

    public IReadOnlyList<DriftScore> Check(MonitorWindow<TIn, TOut> window)
    {
        var views = new List<PredictionView>(window.Calls.Count);
        foreach (var call in MonitorWindowCalls.Require(window, Name))
            if (call.Failure != CallFailure.Exception && call.Output is { } output) views.Add(_project(output));
        if (views.Count < _minimumRows) return [];
        var current = Reference.Kind == ColumnKind.Numerical
            ? TableColumn.Numerical(Reference.Name, views.Select(v => v.Score).ToArray())
            : TableColumn.Categorical(Reference.Name, views.Select(v => v.Class).ToArray());
        var result = PredictionDrift.Compare(Reference, current, _options);
        LastResult = result;
        return [new DriftScore($"drift.{Reference.Name}", result.Column.Score, result.DriftDetected)];
    }
}
