using System.Text.Json;
using Workbooks.Tests.Cli;
using Workbooks.Cli;
using Xunit;

namespace Workbooks.Tests.Retraining;

public class BacktestVerbTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void Sea_periodic_writes_the_json_document_with_retrains_at_every_period()
    {
        var (code, output, err) = Run("backtest", "--dataset", "sea_abrupt", "--strategy", "periodic:10000", "--initial", "1000", "--json", "-");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("sea_abrupt", root.GetProperty("dataset").GetString());
        Assert.Equal([11000, 21000, 31000], root.GetProperty("retrains").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(39, root.GetProperty("windows").GetArrayLength());
        // SEA has 20% label noise: nothing can beat 0.8 by much
        Assert.InRange(root.GetProperty("overall").GetDouble(), 0.7, 0.86);
        // the no-change baseline, counted here from the raw labels: rows 1000.. whose class repeats the previous row's
        var labels = Workbooks.ModelOps.Data.DatasetCatalog.LoadTable("sea_abrupt")["class"].AsLabels();
        double repeats = Enumerable.Range(1000, labels.Length - 1000).Count(i => labels[i] == labels[i - 1]) / (double)(labels.Length - 1000);
        Assert.Equal(repeats, root.GetProperty("baselines").GetProperty("no_change").GetDouble(), 12);
    }

    [Theory]
    [InlineData("--strategy", "sometimes", "unknown strategy 'sometimes'")]
    [InlineData("--strategy", "drift:foo", "Unknown detector 'foo'")]
    [InlineData("--window", "rolling", "unknown window 'rolling'")]
    [InlineData("--dataset", "nope", "'nope' is not a catalog dataset")]
    public void Bad_input_exits_2_with_one_line(string option, string value, string message)
    {
        var args = new List<string> { "backtest", "--dataset", "sea_abrupt", "--strategy", "never" };
        int at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value; else args.AddRange([option, value]);
        var (code, output, err) = Run([.. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, err);
    }
}
