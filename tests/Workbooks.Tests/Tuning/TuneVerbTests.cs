using System.Text.Json;
using Workbooks.Cli;
using Xunit;

namespace Workbooks.Tests.Tuning;

public class TuneVerbTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

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

    [Theory]
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
