using Workbooks.Cli;
using Xunit;

namespace Workbooks.Tests.Monitoring;

public class SimulateVerbTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = CliApp.Run(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("no such dataset", "--dataset", "no_such_thing", "--train")]
    [InlineData("exactly one of --model FILE or --train", "--dataset", "elec2")]
    [InlineData("--window must be", "--dataset", "elec2", "--train", "--window", "fortnight")]
    [InlineData("--rate must be a positive number", "--dataset", "elec2", "--train", "--rate", "-5")]
    [InlineData("No model file", "--dataset", "elec2", "--model", "/nonexistent/model.zip")]
    public void Bad_input_exits_2_with_a_message_naming_it(string expected, params string[] args)
    {
        var (exit, _, err) = Run(["simulate", .. args]);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(expected.Replace("no such dataset", "neither a catalog dataset"), err);
    }

    [Fact]
    public void A_short_replay_prints_a_summary_and_a_saved_model_replays_again()
    {
        var dir = Directory.CreateTempSubdirectory("wb-simverb-").FullName;
        try
        {
            var model = Path.Combine(dir, "bike.zip");
            var (exit, output, err) = Run("simulate", "--dataset", "bike_sharing_day", "--train", "--train-fraction", "0.5", "--save-model", model, "--window", "month");
            Assert.True(exit == 0, err);
            Assert.Contains("regression, label 'cnt'", output);
            Assert.Matches(@"done: 366 rows, requests=366 failures=0 dropped=0 labels joined=366", output);
            (exit, output, err) = Run("simulate", "--dataset", "bike_sharing_day", "--model", model, "--train-fraction", "0.5", "--alerts", Path.Combine(dir, "a.jsonl"));
            Assert.True(exit == 0, err);
            Assert.Contains("done: 366 rows", output);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
