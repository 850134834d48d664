namespace Workbooks.Walkthroughs;

/// <summary>Settings of <see cref="TrafficReplay"/>.</summary>
/// <example>
/// <code>
/// var options = new ReplayOptions { IncorrectAbove = 100 };
/// Console.WriteLine($"{options.IncorrectAbove} {options.SimulatedFailureRate} {options.Seed}");
/// // prints: 100 0 42
/// </code>
/// </example>
public sealed record ReplayOptions
{
    /// <summary>A prediction counts as incorrect in the error rate when |actual − predicted| exceeds this
    /// (in the label's unit); null: only failed calls count as errors.</summary>
    public double? IncorrectAbove { get; init; }
    /// <summary>Fault injection for drills: this fraction of calls fails with a simulated timeout before
    /// reaching the model (seeded, so a replay is repeatable). 0 by default.</summary>
    public double SimulatedFailureRate { get; init; }
    public int Seed { get; init; } = 42;
}

/// <summary>
/// Notebook 01's simple front over the replay engine (<see cref="TrafficSimulation"/>):
/// rows in time order, one call per row through the monitor, each label joined at once, no alerts, log or metrics
/// endpoint; the result's windows carry quality, latency, throughput (calls per second of wall time) and error rate.
/// </summary>
/// <example>
/// <code>
/// var table = new Table([TableColumn.Numerical("x", [.. Enumerable.Range(0, 100).Select(i => (double)i)]),
///     TableColumn.Numerical("y", [.. Enumerable.Range(0, 100).Select(i => 2.0 * i + 1)])]);
/// var data = ReplayDataset.Create(table, "y");
/// var replay = TrafficReplay.Run(data, row => 2.0 * row, WindowSpec.ByCount(50));
/// Console.WriteLine($"{replay.Windows.Count} {replay.Windows[0].Quality["mae"]} {replay.Windows[1].Calls.Calls}");
/// // prints: 2 1 50
/// </code>
/// </example>
public static class TrafficReplay
{
    /// <summary>Replays rows [<paramref name="from"/>, end) of <paramref name="data"/> through <paramref name="model"/>;
    /// the model's validation metrics are the result's baseline.</summary>
    public static ReplayResult Run(ReplayDataset data, TrainedModel model, int from, WindowSpec window, ReplayOptions? options = null) =>
        TrafficSimulation.Run(data, model, from, Settings(window, options), model.Metrics);

    /// <summary>Replays every row of a regression dataset through <paramref name="predict"/> (a row index to a value); a call
    /// that throws counts as failed.</summary>
    public static ReplayResult Run(ReplayDataset data, Func<int, double> predict, WindowSpec window, ReplayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predict);
        return TrafficSimulation.Run(data, row => new PredictionView(null, predict(row)), [], 0, Settings(window, options), new Dictionary<string, double>());
    }

    private static SimulationOptions Settings(WindowSpec window, ReplayOptions? options)
    {
        options ??= new ReplayOptions();
        return new SimulationOptions
        {
            Window = window, Rules = Array.Empty<AlertRule>(), IncorrectAbove = options.IncorrectAbove,
            SimulatedFailureRate = options.SimulatedFailureRate, Seed = options.Seed, ProgressInterval = TimeSpan.MaxValue,
        };
    }
}
