using System.Text.Json;
using Workbooks.Tests.Cli;
using Workbooks.Cli;
using Xunit;

namespace Workbooks.Tests.Tuning;

public class TuneVerbTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void Json_has_exactly_the_documented_fields()
    {
        var (code, output, err) = Run("tune", "--dataset", "bike_sharing_day", "--trainer", "linear", "--searcher", "halving", "--trials", "3", "--seed", "4", "--json", "-");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(["trainer", "searcher", "metric", "default", "best", "trials"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("linear", root.GetProperty("trainer").GetString());
        Assert.Equal("halving", root.GetProperty("searcher").GetString());
        Assert.Equal("mae", root.GetProperty("metric").GetString());
        foreach (var name in new[] { "default", "best" })
        {
            var scored = root.GetProperty(name);
            Assert.Equal(["params", "value"], scored.EnumerateObject().Select(p => p.Name));
            Assert.Equal(["l1", "l2", "max_iterations"], scored.GetProperty("params").EnumerateObject().Select(p => p.Name));
            Assert.True(scored.GetProperty("value").GetDouble() > 0);
        }
        var trials = root.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(4, trials.Count);   // 3 configurations at a third of the rows, the best of them at all rows
        Assert.All(trials, t =>
        {
            Assert.Equal(["params", "value", "seconds"], t.EnumerateObject().Select(p => p.Name));
            Assert.True(t.GetProperty("seconds").GetDouble() >= 0);
        });
        Assert.Contains("held-out mae", err);
    }

    [Fact]
    public void The_best_model_is_registered_with_the_search_as_its_lineage()
    {
        var dir = Directory.CreateTempSubdirectory("tune-registry").FullName;
        try
        {
            var (code, output, err) = Run("tune", "--dataset", "bike_sharing_day", "--trainer", "linear", "--trials", "2", "--json", "-",
                "--registry", dir, "--name", "bike-day");
            Assert.True(code == 0, err);
            Assert.Contains("registered bike-day:1", err);
            var registry = Workbooks.ModelOps.Registry.ModelRegistry.Open(dir, create: false);
            var version = registry.Get("bike-day:1");
            Assert.Equal("bike_sharing_day", version.Lineage.Dataset);
            Assert.Equal(585, version.Lineage.RowCount);   // 731 rows less the last 20% held out
            Assert.Equal("rows", version.Lineage.Range!.Unit);
            Assert.Equal("linear", version.Lineage.Trainer);
            Assert.Equal(64, version.Lineage.DataSha256!.Length);
            using var doc = JsonDocument.Parse(output);
            Assert.Equal(doc.RootElement.GetProperty("best").GetProperty("value").GetDouble(), version.Metrics["mae"], 9);
            Assert.Equal(doc.RootElement.GetProperty("default").GetProperty("value").GetDouble(), version.Metrics["default_mae"], 9);
            Assert.Equal(output.Trim(), version.Tags["tuning_json"]);
            Assert.Equal("cli", version.CreatedBy);
            var (_, model) = Workbooks.ModelOps.Registry.TrainedModelRegistration.LoadTrainedModel(registry, "bike-day:1");
            Assert.Equal("linear", model.Trainer!.Family);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Theory]
    [InlineData("--dataset", "bike_sharing_day", "--trainer", "linear", "--registry", "/tmp/x", "--registry DIR and --name NAME together")]
    [InlineData("--dataset", "bike_sharing_day", "--trainer", "linear", "--registry", "/tmp/x", "--name", "bad name!", "--name:")]
    [InlineData("--dataset", "nope", "--trainer", "linear", "no catalog dataset 'nope'")]
    [InlineData("--dataset", "adult", "--trainer", "xgboost", "--trainer: 'xgboost'")]
    [InlineData("--dataset", "adult", "--trainer", "linear", "--searcher", "grid", "--searcher: 'grid'")]
    [InlineData("--dataset", "adult", "--trainer", "linear", "--trials", "0", "--trials must be at least 1")]
    [InlineData("--dataset", "adult", "--trainer", "linear", "--time", "-1", "--time must be a positive")]
    [InlineData("--dataset", "adult", "--trainer", "linear", "--resource", "trees", "has no trees")]
    [InlineData("--dataset", "adult", "--trainer", "linear", "--rows", "10", "at least 50 rows")]
    public void Bad_input_exits_2_with_one_line(params string[] args)
    {
        var (code, output, err) = Run(["tune", .. args[..^1]]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", output);
        Assert.Contains(args[^1], err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
