using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;

namespace Workbooks.ModelOps.Monitoring.Drift;

/// <summary>
/// Data drift on every traffic window of a <see cref="ModelMonitor{TIn, TOut}"/>: the window's inputs are
/// turned into a <see cref="Table"/> by <c>features</c> and compared with the reference table by
/// <see cref="DataDrift.Compute(Table, Table, DriftOptions?)"/> (automatic test choice unless the options name
/// one). It reports one <see cref="DriftScore"/> per column, named <c>drift.&lt;column&gt;</c>, whose value is the
/// chosen test's score (a p-value for KS, chi-square and Z: drift below the threshold; a distance for
/// Wasserstein, Jensen-Shannon, PSI: drift above it), plus <c>drift.share</c>, the share of drifted columns,
/// flagged with the dataset verdict. Windows with fewer than <c>minimumRows</c> calls are skipped.
/// </summary>
/// <example>
/// <code>
/// var reference = new Table([TableColumn.Numerical("x", Enumerable.Range(0, 100).Select(i => i % 10.0).ToArray())]);
/// var check = new WindowDataDriftCheck&lt;double, double&gt;(reference, xs => new Table([TableColumn.Numerical("x", xs.ToArray())]));
/// var calls = Enumerable.Range(0, 50).Select(i => new MonitoredCall&lt;double, double&gt;(i, 0, 0, 5.0 + i % 10, 0, null)).ToArray();
/// var window = new MonitorWindow&lt;double, double&gt;(0, "[0:50)", default, default, true, new CallCounts(50, 0, 0, 0, 0, TimeSpan.Zero), LatencySnapshot.Empty, calls);
/// Console.WriteLine(string.Join(", ", check.Check(window).Select(s => $"{s.Name} {s.Drifted}")));
/// // prints: drift.x True, drift.share True
/// </code>
/// </example>
public sealed class WindowDataDriftCheck<TIn, TOut> : IWindowDriftCheck<TIn, TOut>
{
    private readonly Func<IReadOnlyList<TIn>, Table> _features;
    private readonly DriftOptions _options;
    private readonly int _minimumRows;

    /// <param name="reference">The data the model was trained or validated on (its columns are the ones tested).</param>
    /// <param name="features">Turns a window's inputs into a table with the reference's columns.</param>
    /// <param name="options">Tests, thresholds and correction, as for <see cref="DataDrift"/>.</param>
    /// <param name="minimumRows">Smaller windows (e.g. the partial one flushed at shutdown) are not tested.</param>
    public WindowDataDriftCheck(Table reference, Func<IReadOnlyList<TIn>, Table> features, DriftOptions? options = null, int minimumRows = 30)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumRows, 1);
        if (reference.RowCount == 0) throw new ArgumentException($"The reference table '{reference.Source}' has no rows.", nameof(reference));
        Reference = reference; _features = features; _options = options ?? new DriftOptions(); _minimumRows = minimumRows;
    }

    public string Name => "data_drift";
    public Table Reference { get; }
    /// <summary>The report of the latest tested window (for a notebook or an observer); null before the first.</summary>
    public DataDriftReport? LastReport { get; private set; }

    public IReadOnlyList<DriftScore> Check(MonitorWindow<TIn, TOut> window)
    {
        var calls = MonitorWindowCalls.Require(window, Name);
        if (calls.Count < _minimumRows) return [];
        var inputs = new TIn[calls.Count];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = calls[i].Input;
        var report = DataDrift.Compute(Reference, _features(inputs), _options);
        LastReport = report;
        var scores = new DriftScore[report.Columns.Count + 1];
        for (int i = 0; i < report.Columns.Count; i++)
            scores[i] = new DriftScore($"drift.{report.Columns[i].Name}", report.Columns[i].Score, report.Columns[i].DriftDetected);
        scores[^1] = new DriftScore("drift.share", report.ShareOfDriftedColumns, report.DatasetDrift);
        return scores;
    }
}

internal static class MonitorWindowCalls
{
    /// <summary>The window's calls; a clear error when the monitor was told not to keep them.</summary>
    public static IReadOnlyList<MonitoredCall<TIn, TOut>> Require<TIn, TOut>(MonitorWindow<TIn, TOut> window, string check)
    {
        if (window.Count > 0 && window.Calls.Count == 0)
            throw new InvalidOperationException($"The {check} check needs each window's calls: set MonitorOptions.KeepWindowCalls = true.");
        return window.Calls;
    }
}
