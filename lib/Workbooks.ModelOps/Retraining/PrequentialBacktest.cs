using System.Diagnostics;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring.Simulation;
using Workbooks.ModelOps.Windows;

namespace Workbooks.ModelOps.Retraining;

/// <summary>
/// Prequential (test-then-train) backtests of retraining strategies on a time-ordered dataset: the first
/// <see cref="BacktestOptions.InitialRows"/> train the first <see cref="TrainedModel"/>; then every later row is first
/// predicted by the current model and scored, then its label is revealed to the strategy, which may retrain a model on the
/// <see cref="TrainingWindow"/> of rows labelled so far; the new model predicts from the next row on. Every strategy sees the
/// same stream, and two baselines are scored on the same rows: an online linear model updated after every row
/// (<see cref="OnlineLinearModel"/>) and, for classification, the no-change classifier that predicts the previous row's
/// label (Zliobaite 2013: on Elec2 it is hard to beat, because the labels are strongly autocorrelated).
/// </summary>
/// <example>
/// <code>
/// var x = Enumerable.Range(0, 4000).Select(i => (double)(i * 7 % 10)).ToArray();
/// var y = x.Select((v, i) => (v &lt; 5) == (i &lt; 2000) ? "a" : "b").ToArray();   // the concept flips at row 2000
/// var data = ReplayDataset.Create(new Table([TableColumn.Numerical("x", x), TableColumn.Categorical("y", y)]), "y");
/// var options = new BacktestOptions { InitialRows = 1000, MinRowsBetweenRetrains = 100, RowsAfterDrift = 200 };
/// var never = PrequentialBacktest.Run(data, RetrainStrategy.Parse("never"), options);
/// var drift = PrequentialBacktest.Run(data, RetrainStrategy.Parse("drift:adwin"), options);
/// Console.WriteLine($"{never.Overall:0.00} {drift.Overall > never.Overall + 0.4} {drift.Retrains[0] is > 2200 and &lt;= 2500}");
/// // prints: 0.33 True True
/// </code>
/// </example>
public static class PrequentialBacktest
{
    /// <summary>Backtests <paramref name="strategy"/> on <paramref name="data"/>; <paramref name="name"/> names it in the result.</summary>
    public static BacktestResult Run(ReplayDataset data, RetrainStrategy strategy, BacktestOptions? options = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new BacktestOptions();
        options.Check(data.RowCount, data.Table.Source);
        return Run(data, strategy, options, name ?? data.Table.Source, Baselines(data, options));
    }

    /// <summary>Every strategy on the same stream, with the baselines computed once.</summary>
    public static BacktestComparison Compare(ReplayDataset data, IEnumerable<RetrainStrategy> strategies, BacktestOptions? options = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new BacktestOptions();
        options.Check(data.RowCount, data.Table.Source);
        var baselines = Baselines(data, options);
        return new BacktestComparison(strategies.Select(s => Run(data, s, options, name ?? data.Table.Source, baselines)).ToList(), baselines);
    }

    private static BacktestResult Run(ReplayDataset data, RetrainStrategy strategy, BacktestOptions options, string name, BacktestBaselines baselines)
    {
        bool regression = data.Task == ModelTask.Regression;
        var window = options.WindowOrDefault;
        var truth = Truth(data);
        var state = strategy.Start(options, higherIsBetter: !regression);
        var clock = Stopwatch.StartNew();
        var model = data.Train(0, options.InitialRows, options.Trainer);
        var initialTraining = clock.Elapsed;
        var training = TimeSpan.Zero;
        var predict = model.CreatePredictor(data.Table);
        var retrains = new List<int>();
        var values = new double[data.RowCount - options.InitialRows];
        int since = 0;
        for (int row = options.InitialRows; row < data.RowCount; row++)
        {
            var p = predict(row);
            double value = regression ? Math.Abs(p.Score - truth.Values![row]) : p.Class == truth.Labels![row] ? 1 : 0;
            values[row - options.InitialRows] = value;
            since++;
            if (state.Observe(new RowOutcome(row, value, regression ? value : 1 - value, since)) is not { } from || row + 1 >= data.RowCount) continue;
            var (start, end) = window.Range(row + 1);
            start = Math.Max(start, from);
            clock.Restart();
            model = data.Train(start, end, options.Trainer);
            training += clock.Elapsed;
            predict = model.CreatePredictor(data.Table);
            retrains.Add(row + 1);
            state.Retrained();
            since = 0;
        }
        return new BacktestResult(name, strategy.Name, window.ToString(), regression ? "mae" : "accuracy", values.Average(), retrains,
            Windows(values, options), baselines, training, initialTraining, data.RowCount, options.InitialRows);
    }

    /// <summary>The online and no-change baselines scored on rows after <see cref="BacktestOptions.InitialRows"/>.</summary>
    public static BacktestBaselines Baselines(ReplayDataset data, BacktestOptions options)
    {
        ArgumentNullException.ThrowIfNull(data); ArgumentNullException.ThrowIfNull(options);
        bool regression = data.Task == ModelTask.Regression;
        var truth = Truth(data);
        var online = new OnlineLinearModel(data.Table, data.FeatureNames, data.Task, data.Label, options.OnlineLearningRate);
        for (int row = 0; row < options.InitialRows; row++) online.Learn(row);   // it starts from what the first model saw
        var onlineValues = new double[data.RowCount - options.InitialRows];
        double[]? noChange = regression ? null : new double[onlineValues.Length];
        for (int row = options.InitialRows; row < data.RowCount; row++)
        {
            int i = row - options.InitialRows;
            onlineValues[i] = regression ? Math.Abs(online.PredictValue(row) - truth.Values![row]) : online.PredictClass(row) == truth.Labels![row] ? 1 : 0;
            if (noChange is not null) noChange[i] = truth.Labels![row - 1] == truth.Labels[row] ? 1 : 0;
            online.Learn(row);
        }
        return new BacktestBaselines(noChange?.Average(), onlineValues.Average(), noChange is null ? null : Windows(noChange, options), Windows(onlineValues, options));
    }

    private static (double[]? Values, string?[]? Labels) Truth(ReplayDataset data) =>
        data.Task == ModelTask.Regression ? (data.Table[data.Label].RequireNumbers(), null) : (null, data.Table[data.Label].AsLabels());

    private static IReadOnlyList<BacktestWindow> Windows(double[] values, BacktestOptions options) =>
        Chunker.BySize(values.Length, options.ReportEvery)
            .Select(c => new BacktestWindow(options.InitialRows + c.Start, options.InitialRows + c.End, values.AsSpan(c.Start, c.Count).ToArray().Average()))
            .ToList();
}
