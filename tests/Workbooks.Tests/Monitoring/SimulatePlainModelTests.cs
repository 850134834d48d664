using Workbooks.ModelOps.Models;
using Microsoft.ML;
using Workbooks.Cli;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Monitoring.Simulation;
using Xunit;
using Workbooks.Walkthroughs;

namespace Workbooks.Tests.Monitoring;

/// <summary><c>simulate --model FILE</c> with a model saved by plain <c>mlContext.Model.Save</c> (no sidecar files).</summary>
public class SimulatePlainModelTests
{
    private sealed class BikeRow { public float temp; public float hum; public float windspeed; public float hr; public float cnt; }
    private sealed class PressureRow { public float temp; public float pressure; public float cnt; }
    private sealed class DateRow { public float temp; public float dteday; public float cnt; }
    private sealed class ElecRow { public float nswdemand; public float vicdemand; public float period; public bool Label; }

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
            var model = data.Bind(TrainedModel.Load(path));
            Assert.Equal(["hr", "hum", "temp", "windspeed"], model.Features.Order(StringComparer.Ordinal));
            var result = TrafficSimulation.Run(data, model, data.RowCount - 1000, new SimulationOptions { Window = Workbooks.ModelOps.Monitoring.WindowSpec.ByCount(250) }, data.Evaluate(model, 0, 400));
            Assert.Equal(1000, result.Counts.Requests);
            Assert.Equal(0, result.Counts.Failures);
            Assert.NotEmpty(result.Windows);
            Assert.All(result.Windows, w => Assert.True(w.Quality["mae"] > 0 && double.IsFinite(w.Quality["mae"])));
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

    [Fact]
    public void A_model_reading_a_column_as_the_wrong_type_exits_2_naming_it()
    {
        var dir = Directory.CreateTempSubdirectory("wb-simplain-").FullName;
        try
        {
            var path = Path.Combine(dir, "dates.zip");
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 50).Select(i => new DateRow { temp = i % 7, dteday = i, cnt = i }).ToList());
            var model = ml.Transforms.Concatenate("Features", "temp", "dteday").Append(ml.Regression.Trainers.Sdca(labelColumnName: "cnt", maximumNumberOfIterations: 5)).Fit(data);
            ml.Model.Save(model, data.Schema, path);

            var (exit, _, err) = Run("simulate", "--dataset", "bike_sharing_hour", "--model", path);
            Assert.Equal(ExitCodes.BadInput, exit);
            Assert.Contains("reads column 'dteday' as Single, which the categorical column 'dteday'", err);
            Assert.Contains(path, err);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_plain_binary_classifier_is_replayed_with_its_predicted_labels()
    {
        var dir = Directory.CreateTempSubdirectory("wb-simplain-").FullName;
        try
        {
            var path = Path.Combine(dir, "elec.zip");
            var table = DatasetCatalog.LoadTable("elec2");
            double[] Col(string n) => table[n].RequireNumbers();
            var (nsw, vic, period) = (Col("nswdemand"), Col("vicdemand"), Col("period"));
            var labels = table["class"].AsLabels();
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 500).Select(i => new ElecRow { nswdemand = (float)nsw[i], vicdemand = (float)vic[i], period = (float)period[i], Label = labels[i] == "UP" }).ToList());
            var model = ml.Transforms.Concatenate("Features", "nswdemand", "vicdemand", "period")
                .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20)).Fit(data);
            ml.Model.Save(model, data.Schema, path);   // the schema's 'Label' is not in elec2: only the columns the prediction needs are bound

            var replay = ReplayDataset.ForCatalog("elec2");
            var loaded = replay.Bind(TrainedModel.Load(path));
            var predict = loaded.CreatePredictor(replay.Table);
            var views = Enumerable.Range(0, 200).Select(predict).ToList();
            Assert.All(views, v => Assert.True(v.Class is "UP" or "DOWN"));
            Assert.All(views, v => Assert.InRange(v.Score, 0, 1));
            Assert.Equal(views.Select(v => v.Class == "UP"), views.Select(v => v.Score >= 0.5));

            var (exit, output, err) = Run("simulate", "--dataset", "elec2", "--model", path, "--train-fraction", "0.95");
            Assert.True(exit == 0, err);
            Assert.Matches(@"holdout: accuracy=0\.\d", output);
            Assert.Matches(@"done: (\d+) rows, requests=\1 failures=0 dropped=0 labels joined=\1", output);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
