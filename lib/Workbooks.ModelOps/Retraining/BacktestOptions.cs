using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Retraining;

/// <summary>Settings of a <see cref="PrequentialBacktest"/>.</summary>
public sealed record BacktestOptions
{
    /// <summary>The first rows train the first model and are not scored; scoring starts after them.</summary>
    public int InitialRows { get; init; } = 2000;
    /// <summary>Rows a retrained model learns from; null: <c>sliding</c> over <see cref="InitialRows"/>.</summary>
    public TrainingWindow? Window { get; init; }
    /// <summary>Rows per reported window of the metric (the <c>windows</c> of the result).</summary>
    public int ReportEvery { get; init; } = 1000;
    /// <summary>Drift- and quality-triggered retrains are at least this many rows apart (a new model needs rows to be judged).</summary>
    public int MinRowsBetweenRetrains { get; init; } = 500;
    /// <summary>A drift-triggered retrain waits for this many labelled rows after the detection and learns from them only.</summary>
    public int RowsAfterDrift { get; init; } = 500;
    /// <summary>Rows the quality trigger averages over.</summary>
    public int QualityWindow { get; init; } = 500;
    /// <summary>The trainer of every model; null: the dataset's default (<see cref="Monitoring.Simulation.ReplayDataset.DefaultTrainer"/>).</summary>
    public TrainerOptions? Trainer { get; init; }
    /// <summary>Learning rate of the online baseline (<see cref="OnlineLinearModel"/>).</summary>
    public double OnlineLearningRate { get; init; } = 0.01;

    internal TrainingWindow WindowOrDefault => Window ?? TrainingWindow.Sliding(InitialRows);

    internal void Check(int rows, string source)
    {
        if (InitialRows < 20) throw new ArgumentException($"the first model needs at least 20 rows to train on, not {InitialRows}.");
        if (InitialRows >= rows) throw new ArgumentException($"{source} has {rows} rows; a backtest that trains on the first {InitialRows} needs more to score.");
        if (ReportEvery < 1) throw new ArgumentException($"windows need at least one row, not {ReportEvery}.");
        if (QualityWindow < 1) throw new ArgumentException($"the quality window needs at least one row, not {QualityWindow}.");
        if (RowsAfterDrift < 20) throw new ArgumentException($"a drift-triggered retrain needs at least 20 rows after the drift to train on, not {RowsAfterDrift}.");
        if (MinRowsBetweenRetrains < 0) throw new ArgumentException($"rows between retrains cannot be negative ({MinRowsBetweenRetrains}).");
    }
}
