using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Registry;
using Xunit;

namespace Workbooks.Tests.Registry;

/// <summary>The project's model type through the registry: registered with its lineage, loaded verified, followed by a monitor.</summary>
public sealed class TrainedModelRegistryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-trained-registry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Table Line(double slope) => new([
        TableColumn.Numerical("x", Enumerable.Range(0, 200).Select(i => i / 10.0).ToArray()),
        TableColumn.Numerical("y", Enumerable.Range(0, 200).Select(i => slope * i / 10.0).ToArray())]);

    [Fact]
    public void A_trained_model_is_registered_with_its_trainer_and_a_monitor_follows_the_champion()
    {
        var registry = ModelRegistry.Open(Path.Combine(_dir, "reg"));
        var steep = Line(5);
        var gentle = TrainedModel.Train(Line(2), "y", ["x"], new FastTreeOptions { Trees = 20 }).WithMetrics(new Dictionary<string, double> { ["mae"] = 0.5 });
        var v1 = registry.Register("line", gentle, new RegisterOptions { Lineage = ModelLineage.ForTable("line2", Line(2), DataRange.Rows(0, 200)) });
        Assert.Equal(("fasttree", "20", 200L, 0.5), (v1.Lineage.Trainer, v1.Lineage.Hyperparameters["trees"], v1.Lineage.RowCount!.Value, v1.Metrics["mae"]));
        Assert.Equal(64, v1.Lineage.DataSha256!.Length);
        var v2 = registry.Register("line", TrainedModel.Train(steep, "y", ["x"], new FastTreeOptions { Trees = 20 }),
            new RegisterOptions { Lineage = new ModelLineage { ParentVersion = 1 } });
        var (loaded, model) = registry.LoadTrainedModel("line:1");
        Assert.Equal((1, ModelTask.Regression), (loaded.Version, model.Task));

        // The loader delegate is where the model type plugs in: a verified file in, a predictor over rows out.
        registry.SetAlias("line", "champion", 1);
        var rows = Line(0);   // x only matters
        using var monitor = new ModelMonitor<int, PredictionView>(_ => default, new MonitorOptions { ModelName = "line", ModelVersion = "0" }, p => p);
        using var watcher = monitor.FollowAlias(registry, "line", "champion", path => TrainedModel.Load(path).CreatePredictor(rows), TimeSpan.FromMilliseconds(50));
        double before = monitor.Predict(150).Score;   // x = 15: about 30 on the gentle line
        registry.SetAlias("line", "champion", v2.Version);
        Assert.True(SpinWait.SpinUntil(() => monitor.ModelVersion == "2", TimeSpan.FromSeconds(30)), "the monitor did not follow the champion");
        double after = monitor.Predict(150).Score;    // about 75 on the steep one
        Assert.InRange(before, 25, 35);
        Assert.InRange(after, 65, 85);
    }
}
