using System.Text.Json;
using Workbooks.Tests.Cli;
using Xunit;

namespace Workbooks.Tests.Training;

public class TrainVerbTests
{
    [Fact]
    public void Trains_on_the_CPU_prints_device_epochs_time_and_metric_and_registers()
    {
        var registry = Path.Combine(Path.GetTempPath(), $"train-registry-{Guid.NewGuid():N}");
        try
        {
            var (code, output, err) = CliHarness.Run("train", "--dataset", "bike_sharing_day", "--trainer", "linear", "--epochs", "5", "--device", "cpu",
                "--json", "-", "--registry", registry, "--name", "bikes");
            Assert.True(code == 0, err);
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            Assert.StartsWith("CPU (", root.GetProperty("device").GetString());
            Assert.InRange(root.GetProperty("epochs").GetInt32(), 1, 5);
            Assert.True(root.GetProperty("seconds").GetDouble() > 0);
            Assert.Equal("mae", root.GetProperty("metric").GetString());
            Assert.True(root.GetProperty("held_out_metric").GetDouble() > 0);
            Assert.Contains("registered", err);
            Assert.Contains("held-out mae", err);
        }
        finally { if (Directory.Exists(registry)) Directory.Delete(registry, recursive: true); }
    }

    [Theory]
    [InlineData("--trainer", "forest", "--trainer")]
    [InlineData("--device", "tpu", "--device")]
    [InlineData("--hidden", "64,x", "--hidden")]
    public void Bad_options_exit_2_naming_the_option(string option, string value, string named)
    {
        string[] args = ["train", "--dataset", "bike_sharing_day", "--trainer", "mlp", "--epochs", "1"];
        int at = Array.IndexOf(args, option);
        args = at >= 0 ? [.. args[..(at + 1)], value, .. args[(at + 2)..]] : [.. args, option, value];
        var (code, _, err) = CliHarness.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(named, err);
    }

    [Fact]
    public void A_trainer_for_another_task_is_refused_with_the_right_one_named()
    {
        var (code, _, err) = CliHarness.Run("train", "--dataset", "bike_sharing_day", "--trainer", "logistic", "--epochs", "1");
        Assert.Equal(2, code);
        Assert.Contains("use linear or mlp", err);
    }

    [Fact]
    public void An_mlp_trains_registers_and_loads_back_as_a_network_model()
    {
        var registry = Path.Combine(Path.GetTempPath(), $"train-mlp-registry-{Guid.NewGuid():N}");
        try
        {
            var (code, output, err) = CliHarness.Run("train", "--dataset", "bike_sharing_day", "--trainer", "mlp", "--hidden", "8,4", "--epochs", "2", "--device", "cpu",
                "--registry", registry, "--name", "bikes-mlp");
            Assert.True(code == 0, err);
            Assert.Contains("→8→4→1", output);
            Assert.Contains("registered bikes-mlp:1", output);
            var (_, model) = Workbooks.ModelOps.Registry.TrainedModelRegistration.LoadTrainedModel(Workbooks.ModelOps.Registry.ModelRegistry.Open(registry), "bikes-mlp:1");
            Assert.Equal([model.Network!.Shape.Inputs, 8, 4, 1], model.Network.Shape.Sizes);
            Assert.True(model.Metrics["mae"] > 0);
        }
        finally { if (Directory.Exists(registry)) Directory.Delete(registry, recursive: true); }
    }
}
