using System.IO.Compression;
using Microsoft.ML;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Xunit;

namespace Workbooks.Tests.Models;

/// <summary>The one model type: training per task and trainer family, one file, binding by column name.</summary>
public class TrainedModelTests
{
    /// <summary>300 rows: a number with missing values, a category, a regression target, a binary and a three-class label.</summary>
    private static Table Synthetic(int n = 300, int seed = 3)
    {
        var random = new Random(seed);
        var x = new double[n]; var c = new string?[n]; var y = new double[n]; var b = new string?[n]; var m = new string?[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i % 17 == 0 ? double.NaN : random.NextDouble() * 10;
            c[i] = i % 23 == 0 ? null : ((char)('a' + random.Next(4))).ToString();
            double xi = double.IsNaN(x[i]) ? 5 : x[i];
            y[i] = 2 * xi + (c[i] == "a" ? 5 : 0) + random.NextDouble();
            b[i] = y[i] > 11 ? "yes" : "no";
            m[i] = xi < 3 ? "low" : xi < 7 ? "mid" : "high";
        }
        return new Table([TableColumn.Numerical("x", x), TableColumn.Categorical("c", c), TableColumn.Numerical("y", y),
            TableColumn.Categorical("b", b), TableColumn.Categorical("m", m)], "synthetic.csv");
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var label in new[] { "y", "b", "m" })
            foreach (var family in new[] { "fasttree", "lightgbm", "linear" })
                data.Add(label, family);
        return data;
    }

    private static TrainerOptions Trainer(string family) => family switch
    {
        "fasttree" => new FastTreeOptions { Trees = 20, MinimumRowsPerLeaf = 5 },
        "lightgbm" => new LightGbmOptions { Trees = 20, MinimumRowsPerLeaf = 5 },
        _ => new LinearOptions(),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Saved_and_loaded_it_predicts_identically_and_batch_equals_one_row_at_a_time(string label, string family)
    {
        var table = Synthetic();
        var model = TrainedModel.Train(table, label, ["x", "c"], Trainer(family));
        Assert.Equal(label switch { "y" => ModelTask.Regression, "b" => ModelTask.Binary, _ => ModelTask.Multiclass }, model.Task);

        var batch = model.Predict(table);
        var single = Enumerable.Range(0, table.RowCount).Select(i => model.Predict(table, i)).ToArray();
        Assert.Equal(batch, single);
        Assert.All(batch, p => Assert.True(double.IsFinite(p.Score)));
        if (model.Task != ModelTask.Regression) Assert.All(batch, p => Assert.Contains(p.Class, model.Classes));

        var path = Path.Combine(Path.GetTempPath(), $"model-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            var loaded = TrainedModel.Load(path);
            Assert.Equal(batch, loaded.Predict(table));
            Assert.Equal(model.Task, loaded.Task);
            Assert.Equal(model.Schema, loaded.Schema);
            Assert.Equal(model.Classes, loaded.Classes);
            Assert.Equal(model.Trainer, loaded.Trainer);
            Assert.Equal(label, loaded.Label);
            Assert.Equal(path, loaded.Source);

            // One file: the ML.NET zip (loadable by plain ML.NET) with the manifest inside.
            using (var zip = ZipFile.OpenRead(path))
            {
                using var reader = new StreamReader(zip.GetEntry(TrainedModel.ManifestEntry)!.Open());
                var manifest = reader.ReadToEnd();
                Assert.Contains($"\"family\": \"{family}\"", manifest);
                Assert.Contains("\"schema\"", manifest);
            }
            _ = new MLContext().Model.Load(path, out var schema);
            Assert.Equal(["x", "c"], schema.Select(c => c.Name));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Trees_learn_the_target_and_unseen_categories_and_missing_numbers_still_predict()
    {
        var table = Synthetic();
        var model = TrainedModel.Train(table, "y", ["x", "c"]);
        var truth = table["y"].RequireNumbers();
        double mae = model.PredictScores(table).Zip(truth, (p, t) => Math.Abs(p - t)).Average();
        Assert.True(mae < 1.5, $"training MAE {mae}");
        var fresh = new Table([TableColumn.Numerical("x", [double.NaN, 4]), TableColumn.Categorical("c", ["never seen", null])], "fresh.csv");
        Assert.All(model.Predict(fresh), p => Assert.True(double.IsFinite(p.Score)));
        Assert.Contains(model.FeatureSlots, s => s.Contains('a'));
    }

    [Fact]
    public void Binding_errors_name_the_column_the_table_and_the_model_file()
    {
        var table = Synthetic();
        var path = Path.Combine(Path.GetTempPath(), $"model-{Guid.NewGuid():N}.zip");
        try
        {
            TrainedModel.Train(table, "y", ["x", "c"], new FastTreeOptions { Trees = 5 }).Save(path);
            var model = TrainedModel.Load(path);
            var noC = new Table([TableColumn.Numerical("x", [1, 2])], "other.csv");
            var e = Assert.Throws<ArgumentException>(() => model.Predict(noC));
            Assert.Contains("column 'c'", e.Message);
            Assert.Contains("other.csv", e.Message);
            Assert.Contains(path, e.Message);
            var wrongKind = new Table([TableColumn.Categorical("x", ["1", "2"]), TableColumn.Categorical("c", ["a", "b"])], "kinds.csv");
            e = Assert.Throws<ArgumentException>(() => model.CreatePredictor(wrongKind));
            Assert.Contains("reads column 'x' as Single, which the categorical column 'x' of kinds.csv", e.Message);
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
        Assert.Contains("No model file", Assert.Throws<FileNotFoundException>(() => TrainedModel.Load(path)).Message);
        var junk = Path.Combine(Path.GetTempPath(), $"junk-{Guid.NewGuid():N}.zip");
        File.WriteAllText(junk, "not a zip");
        try { Assert.Contains(junk, Assert.Throws<InvalidDataException>(() => TrainedModel.Load(junk)).Message); }
        finally { File.Delete(junk); }
    }

    [Fact]
    public void Saving_over_a_model_replaces_it_whole_and_leaves_no_temporary_files()
    {
        var table = Synthetic();
        var dir = Directory.CreateTempSubdirectory("wb-model-").FullName;
        try
        {
            var path = Path.Combine(dir, "m.zip");
            TrainedModel.Train(table, "y", ["x"], new FastTreeOptions { Trees = 5 }).Save(path);
            var second = TrainedModel.Train(table, "b", ["x", "c"], new LinearOptions());
            second.Save(path);
            var loaded = TrainedModel.Load(path);
            Assert.Equal(ModelTask.Binary, loaded.Task);
            Assert.Equal(second.Predict(table), loaded.Predict(table));
            Assert.Equal(["m.zip"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Bad_training_input_is_refused_with_the_column_named()
    {
        var table = Synthetic();
        Assert.Contains("no feature column 'nope'", Assert.Throws<ArgumentException>(() => TrainedModel.Train(table, "y", ["nope"])).Message);
        Assert.Contains("cannot also be a feature", Assert.Throws<ArgumentException>(() => TrainedModel.Train(table, "y", ["y"])).Message);
        Assert.Contains("'maybe' does not occur", Assert.Throws<ArgumentException>(() => TrainedModel.Train(table, "b", ["x"], positiveClass: "maybe")).Message);
        Assert.Contains("only one class", Assert.Throws<ArgumentException>(() => TrainedModel.TrainBinary(table, ["x"], new bool[table.RowCount])).Message);
    }

    [Fact]
    public void Doc_examples()
    {
        var x = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
        var table = new Table([TableColumn.Numerical("x", x), TableColumn.Numerical("y", [.. x.Select(v => v < 100 ? 0.0 : 10.0)])]);
        var model = TrainedModel.Train(table, "y", ["x"], task: ModelTask.Regression);
        Assert.Equal("Regression 0 10", $"{model.Task} {Math.Round(model.Predict(table, 0).Score)} {Math.Round(model.Predict(table)[^1].Score)}");
        TrainerOptions options = new LightGbmOptions { Trees = 50 };
        Assert.Equal("lightgbm trees=50 leaves=20 min_rows_per_leaf=20 learning_rate=0.1 seed=1", options.ToString());
        var o = new FastTreeOptions();
        Assert.Equal("100 20 20 0.1", FormattableString.Invariant($"{o.Trees} {o.Leaves} {o.MinimumRowsPerLeaf} {o.LearningRate}"));
        Assert.Equal(16, new LightGbmOptions { Leaves = 16 }.Leaves);
        Assert.Equal("linear l1=0 l2=0.01 max_iterations=100 seed=1", new LinearOptions().ToString());
        Assert.Equal(ModelTask.Binary, ModelTasks.Infer(TableColumn.Categorical("y", ["a", "b", "a"])));
        Assert.Contains("fasttree regression", model.ToHtml());
    }
}
