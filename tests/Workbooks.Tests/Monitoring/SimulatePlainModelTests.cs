using Microsoft.ML;
using Workbooks.Cli;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Monitoring.Simulation;
using Xunit;

namespace Workbooks.Tests.Monitoring;

/// <summary><c>simulate --model FILE</c> with a model saved by plain <c>mlContext.Model.Save</c> (no sidecar files).</summary>
public class SimulatePlainModelTests
{
    private sealed class BikeRow { public float temp; public float hum; public float windspeed; public float hr; public float cnt; }
    private sealed class PressureRow { public float temp; public float pressure; public float cnt; }

    /// <summary>SDCA regression of cnt on a few hundred bike_sharing_hour rows, saved with its input schema.</summary>
    private static void SaveBikeModel(string path)
    {
        var table = DatasetCatalog.LoadTable("bike_sharing_hour");
        double[] Col(string n) => table[n].RequireNumbers();
        var (temp, hum, wind, hr, cnt) = (Col("temp"), Col("hum"), Col("windspeed"), Col("hr"), Col("cnt"));
        var rows = Enumerable.Range(0, 400).Select(i => new BikeRow { temp = (float)temp[i], hum = (float)hum[i], windspeed = (float)wind[i], hr = (float)hr[i], cnt = (float)cnt[i] }).ToList();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Concatenate("Features", "temp", "hum", "windspeed", "hr")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: "cnt", maximumNumberOfIterations: 20)).Fit(data);
        ml.Model.Save(model, data.Schema, path);
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = CliApp.Run(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public void A_plain_model_zip_is_replayed_with_the_monitor_on()
    {
        var dir = Directory.CreateTempSubdirectory("wb-simplain-").FullName;
        try
        {
            var path = Path.Combine(dir, "bike.zip");
            SaveBikeModel(path);
            Assert.False(File.Exists(path + ".task"));

            // Through the CLI: the last tenth of the data (1738 rows) replayed, every prediction counted and labelled.
            var (exit, output, err) = Run("simulate", "--dataset", "bike_sharing_hour", "--model", path, "--train-fraction", "0.9", "--window", "500");
            Assert.True(exit == 0, err);
            Assert.Matches(@"holdout: mae=\d", output);
            Assert.Contains("done: 1738 rows, requests=1738 failures=0 dropped=0 labels joined=1738", output);

            // Through the library: the monitor's quality windows carry the regression metrics.
            var data = ReplayDataset.ForCatalog("bike_sharing_hour");
            var model = ReplayModel.Load(path, data);
            Assert.Equal(["hr", "hum", "temp", "windspeed"], model.Encoder.Columns.Select(c => c.Name).Order(StringComparer.Ordinal));
            var result = TrafficSimulation.Run(data, model, data.RowCount - 1000, new SimulationOptions { Window = Workbooks.ModelOps.Monitoring.WindowSpec.ByCount(250) }, model.Evaluate(data, 0, 400));
            Assert.Equal(1000, result.Counts.Requests);
            Assert.Equal(0, result.Counts.Failures);
            Assert.NotEmpty(result.QualityWindows);
            Assert.All(result.QualityWindows, w => Assert.True(w.Metrics["mae"] > 0 && double.IsFinite(w.Metrics["mae"])));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_model_reading_a_column_the_dataset_lacks_exits_2_naming_it()
    {
        var dir = Directory.CreateTempSubdirectory("wb-simplain-").FullName;
        try
        {
            var path = Path.Combine(dir, "pressure.zip");
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 50).Select(i => new PressureRow { temp = i % 7, pressure = 1000 + i, cnt = i }).ToList());
            var model = ml.Transforms.Concatenate("Features", "temp", "pressure").Append(ml.Regression.Trainers.Sdca(labelColumnName: "cnt", maximumNumberOfIterations: 5)).Fit(data);
            ml.Model.Save(model, data.Schema, path);

            var (exit, _, err) = Run("simulate", "--dataset", "bike_sharing_hour", "--model", path);
            Assert.Equal(ExitCodes.BadInput, exit);
            Assert.Contains("reads column 'pressure'", err);
            Assert.Contains(path, err);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
