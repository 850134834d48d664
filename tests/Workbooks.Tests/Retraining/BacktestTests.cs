using System.Text.Json;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring.Simulation;
using Workbooks.ModelOps.Retraining;
using Xunit;

namespace Workbooks.Tests.Retraining;

public class BacktestTests
{
    // x in 0..9; the class is "a" for x < 5 until row 2000, then the concept flips abruptly.
    internal static ReplayDataset AbruptFlip(int rows = 4000, int change = 2000)
    {
        var x = Enumerable.Range(0, rows).Select(i => (double)(i * 7 % 10)).ToArray();
        var y = x.Select((v, i) => (v < 5) == (i < change) ? "a" : "b").ToArray();
        return ReplayDataset.Create(new Table([TableColumn.Numerical("x", x), TableColumn.Categorical("y", y)]), "y");
    }

    private static readonly BacktestOptions Small = new() { InitialRows = 1000, MinRowsBetweenRetrains = 100, RowsAfterDrift = 200, ReportEvery = 500 };

    [Fact]
    public void Drift_triggered_retrains_shortly_after_an_abrupt_change_while_never_retraining_degrades()
    {
        var data = AbruptFlip();
        var never = PrequentialBacktest.Run(data, RetrainStrategy.Parse("never"), Small);
        var drift = PrequentialBacktest.Run(data, RetrainStrategy.Parse("drift:adwin"), Small);
        Assert.Empty(never.Retrains);
        // before the change the first model is right on every row, after it wrong on every row
        Assert.Equal([1.0, 1.0, 0.0, 0.0, 0.0, 0.0], never.Windows.Select(w => w.Value));
        Assert.Equal(1000.0 / 3000, never.Overall, 12);
        Assert.NotEmpty(drift.Retrains);
        Assert.All(drift.Retrains, r => Assert.True(r > 2000, $"retrain at {r} before the change"));
        Assert.InRange(drift.Retrains[0], 2201, 2500);   // detected within 300 rows, then 200 rows of the new concept
        Assert.True(drift.Windows[^1].Value > 0.99, $"last window {drift.Windows[^1].Value}");
        Assert.True(drift.Overall > never.Overall + 0.4, $"{drift.Overall} vs {never.Overall}");
    }

    [Fact]
    public void Periodic_retrains_every_n_rows_and_expanding_window_trains_on_everything_so_far()
    {
        var data = AbruptFlip();
        var periodic = PrequentialBacktest.Run(data, RetrainStrategy.Parse("periodic:700"), Small with { Window = TrainingWindow.Expanding });
        Assert.Equal([1700, 2400, 3100, 3800], periodic.Retrains);
        Assert.Equal("expanding", periodic.Window);
        Assert.Equal((0, 3100), TrainingWindow.Expanding.Range(3100));
        Assert.Equal((2100, 3100), TrainingWindow.Sliding(1000).Range(3100));
    }

    [Fact]
    public void Quality_trigger_fires_once_the_recent_accuracy_falls_below_the_threshold()
    {
        var quality = PrequentialBacktest.Run(AbruptFlip(), RetrainStrategy.Parse("quality:0.8"), Small with { QualityWindow = 200 });
        // 200 rows averaged: the mean drops below 0.8 after 41 wrong rows, at row 2040, so the new model takes over at 2041
        Assert.Equal(2041, quality.Retrains[0]);
        Assert.All(quality.Retrains.Zip(quality.Retrains.Skip(1)), p => Assert.True(p.Second - p.First >= 200));
    }

    [Fact]
    public void No_change_baseline_is_the_share_of_rows_whose_label_repeats_the_previous_one()
    {
        string[] y = ["a", "a", "b", "b", "b", "a", "a", "b", "a", "a", "a", "b"];
        var table = new Table([TableColumn.Numerical("x", [.. Enumerable.Range(0, y.Length).Select(i => (double)i)]), TableColumn.Categorical("y", y)]);
        var data = ReplayDataset.Create(table, "y");
        var baselines = PrequentialBacktest.Baselines(data, new BacktestOptions { InitialRows = 4, ReportEvery = 4 });
        // scored rows 4..11: b=b yes, a≠b no, a=a yes, b≠a no, a≠b no, a=a yes, a=a yes, b≠a no -> 4 of 8
        Assert.Equal(0.5, baselines.NoChange);
        Assert.Equal([0.5, 0.5], baselines.NoChangeWindows!.Select(w => w.Value));
        Assert.Equal([(4, 8), (8, 12)], baselines.NoChangeWindows!.Select(w => (w.Start, w.End)));
    }

    [Fact]
    public void Online_baseline_learns_a_linear_concept_and_relearns_after_a_flip()
    {
        var baselines = PrequentialBacktest.Baselines(AbruptFlip(8000, 4000), new BacktestOptions { InitialRows = 1000, ReportEvery = 1000 });
        Assert.True(baselines.OnlineWindows[0].Value > 0.95, $"{baselines.OnlineWindows[0].Value}");
        Assert.True(baselines.OnlineWindows[^1].Value > baselines.OnlineWindows[3].Value, string.Join(" ", baselines.OnlineWindows.Select(w => w.Value)));
    }

    [Fact]
    public void Json_has_exactly_the_documented_fields_and_regression_has_no_no_change_baseline()
    {
        var classification = PrequentialBacktest.Run(AbruptFlip(), RetrainStrategy.Parse("periodic:1000"), Small, "flip");
        using var doc = JsonDocument.Parse(classification.ToJson());
        var root = doc.RootElement;
        Assert.Equal(["dataset", "strategy", "metric", "overall", "retrains", "windows", "baselines"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("flip", root.GetProperty("dataset").GetString());
        Assert.Equal("periodic:1000", root.GetProperty("strategy").GetString());
        Assert.Equal("accuracy", root.GetProperty("metric").GetString());
        Assert.Equal(classification.Overall, root.GetProperty("overall").GetDouble());
        Assert.Equal([2000, 3000], root.GetProperty("retrains").EnumerateArray().Select(e => e.GetInt32()));
        var window = root.GetProperty("windows")[0];
        Assert.Equal(["start", "end", "value"], window.EnumerateObject().Select(p => p.Name));
        Assert.Equal((1000, 1500), (window.GetProperty("start").GetInt32(), window.GetProperty("end").GetInt32()));
        Assert.Equal(["no_change", "online"], root.GetProperty("baselines").EnumerateObject().Select(p => p.Name));

        var x = Enumerable.Range(0, 600).Select(i => (double)(i % 24)).ToArray();
        var data = ReplayDataset.Create(new Table([TableColumn.Numerical("hr", x), TableColumn.Numerical("cnt", [.. x.Select(v => 10 * v + 5)])]), "cnt", task: ModelTask.Regression);
        var regression = PrequentialBacktest.Run(data, new NeverRetrain(), new BacktestOptions { InitialRows = 300, ReportEvery = 100 });
        using var r = JsonDocument.Parse(regression.ToJson());
        Assert.Equal("mae", r.RootElement.GetProperty("metric").GetString());
        Assert.Equal(["online"], r.RootElement.GetProperty("baselines").EnumerateObject().Select(p => p.Name));
        Assert.True(regression.Overall < 5, $"MAE {regression.Overall}");
    }

    [Theory]
    [InlineData("sometimes", "unknown strategy")]
    [InlineData("periodic:0", "positive number of rows")]
    [InlineData("drift:foo", "Unknown detector 'foo'")]
    [InlineData("drift:adwin,delta=2", "delta")]
    [InlineData("quality:x", "threshold")]
    public void Bad_strategies_say_what_is_valid(string text, string message) =>
        Assert.Contains(message, Assert.ThrowsAny<ArgumentException>(() => RetrainStrategy.Parse(text)).Message);

    [Fact]
    public void Strategy_and_window_doc_examples()
    {
        Assert.Equal("never periodic:5000 drift:adwin quality:0.7",
            string.Join(" ", new[] { "never", "periodic:5000", "drift:ADWIN", "quality:0.7" }.Select(s => RetrainStrategy.Parse(s).Name)));
        var w = TrainingWindow.Parse("sliding:1000");
        Assert.Equal("sliding:1000 (4000, 5000) (0, 5000)", $"{w} {w.Range(5000)} {TrainingWindow.Expanding.Range(5000)}");
        Assert.Contains("sliding:N", Assert.Throws<ArgumentException>(() => TrainingWindow.Parse("rolling")).Message);
    }
}

/// <summary>The doc examples of the backtest types print what they say.</summary>
public class BacktestDocExampleTests
{
    [Fact]
    public void PrequentialBacktest_example()
    {
        var x = Enumerable.Range(0, 4000).Select(i => (double)(i * 7 % 10)).ToArray();
        var y = x.Select((v, i) => (v < 5) == (i < 2000) ? "a" : "b").ToArray();
        var data = ReplayDataset.Create(new Table([TableColumn.Numerical("x", x), TableColumn.Categorical("y", y)]), "y");
        var options = new BacktestOptions { InitialRows = 1000, MinRowsBetweenRetrains = 100, RowsAfterDrift = 200 };
        var never = PrequentialBacktest.Run(data, RetrainStrategy.Parse("never"), options);
        var drift = PrequentialBacktest.Run(data, RetrainStrategy.Parse("drift:adwin"), options);
        Assert.Equal("0.33 True True", FormattableString.Invariant($"{never.Overall:0.00} {drift.Overall > never.Overall + 0.4} {drift.Retrains[0] is > 2200 and <= 2500}"));
    }

    [Fact]
    public void OnlineLinearModel_example()
    {
        var x = Enumerable.Range(0, 2000).Select(i => (double)(i % 10)).ToArray();
        var table = new Table([TableColumn.Numerical("x", x), TableColumn.Categorical("y", [.. x.Select(v => v < 5 ? "low" : "high")])]);
        var model = new OnlineLinearModel(table, ["x"], ModelTask.Binary, "y");
        int correct = 0;
        for (int row = 0; row < table.RowCount; row++) { if (row >= 1000 && model.PredictClass(row) == table["y"].Labels![row]) correct++; model.Learn(row); }
        Assert.True(correct > 950, $"{correct}");
    }
}

public class BacktestChartDocExampleTests
{
    [Fact]
    public void MetricOverTime_example_marks_the_retrains()
    {
        var x = Enumerable.Range(0, 3000).Select(i => (double)(i % 10)).ToArray();
        var data = ReplayDataset.Create(new Table([TableColumn.Numerical("x", x), TableColumn.Categorical("y", [.. x.Select(v => v < 5 ? "a" : "b")])]), "y");
        var comparison = PrequentialBacktest.Compare(data, [new NeverRetrain(), new PeriodicRetrain(500)], new BacktestOptions { InitialRows = 1000, ReportEvery = 250 });
        var html = Plotly.NET.GenericChart.toChartHTML(Workbooks.ModelOps.Reporting.BacktestCharts.MetricOverTime(comparison));
        Assert.Contains("periodic:500 retrains", html);
        Assert.Contains("baseline: no-change", html);
        Assert.Equal([1500, 2000, 2500], comparison["periodic:500"].Retrains);
        Assert.Contains("<table", comparison.ToHtml());
        Assert.Contains("| baseline: no-change |", comparison.ToMarkdown());
    }
}
