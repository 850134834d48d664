using System.Globalization;
using System.Text.Json.Serialization;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Retraining;

/// <summary>The metric over scored rows [<paramref name="Start"/>, <paramref name="End"/>) of a backtest.</summary>
public sealed record BacktestWindow(int Start, int End, double Value);

/// <summary>The baselines scored on the same rows as every strategy: <paramref name="NoChange"/> (classification only: the
/// previous row's label) and <paramref name="Online"/> (<see cref="OnlineLinearModel"/>), overall and per window.</summary>
public sealed record BacktestBaselines(double? NoChange, double Online, IReadOnlyList<BacktestWindow>? NoChangeWindows, IReadOnlyList<BacktestWindow> OnlineWindows);

/// <summary>
/// One strategy's prequential backtest: the metric (<c>accuracy</c>, or <c>mae</c> for regression) over every scored row and
/// per window, the rows where a retrained model took over, the time spent training, and the baselines on the same rows.
/// <see cref="ToJson"/> writes the <c>workbooks backtest</c> document.
/// </summary>
public sealed record BacktestResult(string Dataset, string Strategy, string Window, string Metric, double Overall, IReadOnlyList<int> Retrains,
    IReadOnlyList<BacktestWindow> Windows, BacktestBaselines Baselines, TimeSpan TrainingTime, TimeSpan InitialTrainingTime, int Rows, int ScoredFrom)
    : IHtmlRenderable
{
    /// <summary>Whether a larger metric is better (accuracy) or a smaller one (MAE).</summary>
    public bool HigherIsBetter => Metric != "mae";

    /// <summary><c>{"dataset", "strategy", "metric", "overall", "retrains", "windows": [{"start", "end", "value"}], "baselines": {"no_change"?, "online"}}</c>.</summary>
    public string ToJson(bool indented = true) => JsonText.Serialize(new ResultJson(Dataset, Strategy, Metric, Overall, Retrains,
        Windows.Select(x => new WindowJson(x.Start, x.End, x.Value)).ToList(), new BaselinesJson(Baselines.NoChange, Baselines.Online)), indented);

    private sealed record ResultJson(string Dataset, string Strategy, string Metric, double Overall, IReadOnlyList<int> Retrains, IReadOnlyList<WindowJson> Windows, BaselinesJson Baselines);

    private sealed record WindowJson(int Start, int End, double Value);

    /// <summary><c>no_change</c> only for classification.</summary>
    private sealed record BaselinesJson([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? NoChange, double Online);

    public string ToHtml() => BacktestComparison.Table([this], Baselines);

    public override string ToString() => FormattableString.Invariant(
        $"{Dataset} {Strategy} ({Window}): {Metric} {Overall:0.####}, {Retrains.Count} retrains, training {TrainingTime.TotalSeconds:0.0} s; online {Baselines.Online:0.####}")
        + (Baselines.NoChange is { } n ? FormattableString.Invariant($", no-change {n:0.####}") : "");
}

/// <summary>Several strategies backtested on the same stream, with the baselines scored once; renders as the comparison table.</summary>
public sealed record BacktestComparison(IReadOnlyList<BacktestResult> Results, BacktestBaselines Baselines) : IHtmlRenderable
{
    /// <summary>The result of the strategy named <paramref name="strategy"/> (as <see cref="RetrainStrategy.Name"/>).</summary>
    public BacktestResult this[string strategy] => Results.FirstOrDefault(r => r.Strategy == strategy)
        ?? throw new KeyNotFoundException($"no strategy '{strategy}' in this comparison ({string.Join(", ", Results.Select(r => r.Strategy))}).");

    public string ToHtml() => Table(Results, Baselines);

    /// <summary>Markdown rows of the comparison (what docs/retraining.md holds).</summary>
    public string ToMarkdown()
    {
        var lines = new List<string> { "| dataset | strategy | window | metric | overall | retrains | training (s) |", "|---|---|---|---|---|---|---|" };
        lines.AddRange(Rows(Results, Baselines).Select(r => "| " + string.Join(" | ", r) + " |"));
        return string.Join('\n', lines);
    }

    internal static string Table(IReadOnlyList<BacktestResult> results, BacktestBaselines baselines) =>
        HtmlTable.Render("Prequential backtest", ["dataset", "strategy", "window", "metric", "overall", "retrains", "training (s)"], Rows(results, baselines));

    private static List<IReadOnlyList<string>> Rows(IReadOnlyList<BacktestResult> results, BacktestBaselines baselines)
    {
        static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
        var rows = results.Select(r => (IReadOnlyList<string>)[r.Dataset, r.Strategy, r.Window, r.Metric, F(r.Overall), r.Retrains.Count.ToString(CultureInfo.InvariantCulture),
            (r.InitialTrainingTime + r.TrainingTime).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)]).ToList();
        if (results.Count == 0) return rows;
        var first = results[0];
        rows.Add([first.Dataset, "baseline: online SGD", "every row", first.Metric, F(baselines.Online), "-", "-"]);
        if (baselines.NoChange is { } n) rows.Add([first.Dataset, "baseline: no-change", "previous label", first.Metric, F(n), "-", "-"]);
        return rows;
    }
}
