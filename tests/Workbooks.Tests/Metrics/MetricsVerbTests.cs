using System.Text.Json;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Metrics;
using Workbooks.Tests.Cli;
using Workbooks.Cli;
using Xunit;
using static Workbooks.Tests.Metrics.MetricsFixture;

namespace Workbooks.Tests.Metrics;

public class MetricsVerbTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    private static JsonElement RunJson(params string[] args)
    {
        var (code, output, err) = Run(args);
        Assert.True(code == 0, err);
        return JsonDocument.Parse(output).RootElement;
    }

    private static void AssertAllMetrics(string caseName, JsonElement json, params string[] metrics)
    {
        foreach (var metric in metrics) AssertMetric(caseName, metric, json.GetProperty(metric).GetDouble());
    }

    [Fact]
    public void Binary_prints_every_metric_as_scikit_learn()
    {
        var json = RunJson("metrics", "--task", "binary", "--input", CsvPath("binary"));
        AssertAllMetrics("binary", json, "accuracy", "precision", "recall", "f1", "mcc", "roc_auc", "average_precision", "log_loss", "brier", "ece");
        Assert.Equal(400, json.GetProperty("rows").GetInt32());
        static long[] Flat(JsonElement m) => m.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => v.GetInt64()).ToArray();
        Assert.Equal(Flat(Case("binary").GetProperty("confusion_matrix").GetProperty("value")), Flat(json.GetProperty("confusion_matrix")));
    }

    [Fact]
    public void Binary_without_prediction_column_predicts_score_at_least_one_half()
    {
        // The fixture's prediction column is score >= 0.5, so dropping it must give the same counts.
        var t = Table("binary");
        var path = Path.Combine(Path.GetTempPath(), $"wb-metrics-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, new[] { "y,p" }.Concat(Enumerable.Range(0, t.RowCount).Select(i =>
            FormattableString.Invariant($"{t["label"].Numbers![i]},{t["score"].Numbers![i]:R}"))));
        try
        {
            var json = RunJson("metrics", "--task", "binary", "--input", path, "--label", "y", "--score", "p");
            AssertAllMetrics("binary", json, "accuracy", "f1", "mcc", "roc_auc", "ece");
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Multiclass_suffixes_the_averaging()
    {
        var json = RunJson("metrics", "--task", "multiclass", "--input", CsvPath("multiclass"), "--score", "p_");
        AssertAllMetrics("multiclass", json, "accuracy", "mcc", "log_loss", "precision_macro", "recall_micro", "f1_weighted", "f1_macro", "recall_weighted", "precision_micro");
        Assert.Equal("[\"a\",\"b\",\"c\",\"d\"]", json.GetProperty("classes").GetRawText().Replace(" ", "").Replace("\n", "").Replace("\r", ""));
    }

    [Fact]
    public void Regression_and_ranking()
    {
        AssertAllMetrics("regression", RunJson("metrics", "--task", "regression", "--input", CsvPath("regression")), "mae", "rmse", "mape", "r2");
        var ranking = RunJson("metrics", "--task", "ranking", "--input", CsvPath("ranking"), "--k", "5");
        AssertMetric("ranking", "ndcg_at_5", ranking.GetProperty("ndcg_at_k").GetDouble());
        AssertMetric("ranking", "map_at_5", ranking.GetProperty("map_at_k").GetDouble());
        AssertMetric("ranking", "precision_at_5", ranking.GetProperty("precision_at_k").GetDouble());
        AssertMetric("ranking", "recall_at_5", ranking.GetProperty("recall_at_k").GetDouble());
        Assert.Equal(5, ranking.GetProperty("k").GetInt32());
    }

    [Theory]
    [InlineData("no-such-file.csv", "binary", null, "no-such-file.csv")]
    [InlineData("regression", "regression", "--label=y", "no column 'y'")]
    [InlineData("multiclass", "binary", null, "row 1 (line 2)")]
    [InlineData("ranking", "regression", "--label=query", "'q00' is not a number")]
    public void Bad_input_exits_2_naming_file_column_and_row(string input, string task, string? extra, string expected)
    {
        var path = input.EndsWith(".csv") ? input : CsvPath(input);
        var args = new List<string> { "metrics", "--task", task, "--input", path };
        if (extra is not null) args.Add(extra);
        var (code, output, err) = Run(args.ToArray());
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void Missing_value_is_reported_with_its_row()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wb-metrics-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "label,prediction\n1,2\n3,\n");
        try
        {
            var (code, _, err) = Run("metrics", "--task", "regression", "--input", path);
            Assert.Equal(2, code);
            Assert.Contains("column 'prediction', row 2 (line 3): the value is missing", err);
            Assert.Contains(path, err);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TableMetrics_example()
    {
        var t = new Table(new[] { TableColumn.Numerical("label", new[] { 1.0, 2 }), TableColumn.Numerical("prediction", new[] { 1.5, 2 }) });
        Assert.Equal("{\"task\":\"regression\",\"rows\":2,\"mae\":0.25,\"rmse\":0.3535533905932738,\"mape\":0.25,\"r2\":0.5}",
            TableMetrics.Evaluate(t, MetricTask.Regression).ToJson(indented: false));
    }
}
