using Microsoft.ML;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Drift.Prediction;
using Workbooks.Tests.Reporting;
using Xunit;

namespace Workbooks.Tests.Drift.Prediction;

public class PredictionDriftTests
{
    [Fact]
    public void Doc_example_output()
    {
        var r = PredictionDrift.Compare(new double[] { 1, 2, 3, 4, 5, 6, 7 }, new double[] { 11, 12, 13, 14, 15, 16, 17 });
        Assert.Equal("ks True", $"{r.Column.Test} {r.DriftDetected}");
    }

    [Fact]
    public void Scores_use_the_registry_and_its_automatic_choice()
    {
        var rng = new Random(5);
        double[] Draw(int n, double shift) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() + shift).ToArray();
        var small = PredictionDrift.Compare(Draw(500, 0), Draw(500, 0));
        Assert.Equal("ks", small.Column.Test);   // reference of at most 1000 rows
        Assert.False(small.DriftDetected);
        var large = PredictionDrift.Compare(Draw(3000, 0), Draw(3000, 0.3));
        Assert.Equal("wasserstein", large.Column.Test);
        Assert.True(large.DriftDetected);
        // The same numbers as DataDrift.Compare gives for the column: one machinery.
        var direct = DataDrift.Compare("prediction", large.Reference.Numbers!, large.Current.Numbers!);
        Assert.Equal(direct.Score, large.Column.Score);
        var forced = PredictionDrift.Compare(Draw(300, 0), Draw(300, 0), new DriftOptions { TestForAll = "psi" });
        Assert.Equal("psi", forced.Column.Test);
    }

    [Fact]
    public void Predicted_classes_get_a_categorical_test()
    {
        var reference = Enumerable.Repeat("yes", 300).Concat(Enumerable.Repeat("no", 700)).ToArray<string?>();
        var current = Enumerable.Repeat("yes", 500).Concat(Enumerable.Repeat("no", 500)).ToArray<string?>();
        var r = PredictionDrift.Compare(reference, current);
        Assert.Equal("z", r.Column.Test);   // two classes, small reference
        Assert.True(r.DriftDetected);
        Assert.Equal("predicted class", r.Column.Name);
        Assert.Equal(["reference", "current"], ChartJson.Names(r.Chart()));
        Assert.Contains("Prediction drift", r.ToHtml());
        Assert.Contains("wb-plotly", r.ToHtml());
    }

    [Fact]
    public void Reads_scored_ml_net_outputs()
    {
        var ml = new MLContext(seed: 1);
        var reference = new Table([TableColumn.Numerical("x", Enumerable.Range(0, 400).Select(i => i / 400.0).ToArray())], "reference");
        var current = new Table([TableColumn.Numerical("x", Enumerable.Range(0, 400).Select(i => 0.5 + i / 400.0).ToArray())], "current");
        var train = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(i => new Example { X = i / 200f, Label = i >= 100 }));
        var model = ml.Transforms.Concatenate("Features", nameof(Example.X))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(nameof(Example.Label))).Fit(train);
        IDataView Score(Table t) => model.Transform(ml.Data.LoadFromEnumerable(t["x"].Numbers!.Select(v => new Example { X = (float)v })));
        var byScore = PredictionDrift.Compare(Score(reference), Score(current));
        Assert.Equal(400, byScore.Reference.Length);
        Assert.True(byScore.DriftDetected);
        var byLabel = PredictionDrift.Compare(Score(reference), Score(current), "PredictedLabel");
        Assert.Equal(ColumnKind.Categorical, byLabel.Reference.Kind);
        Assert.True(byLabel.DriftDetected);
        var missing = Assert.Throws<KeyNotFoundException>(() => PredictionDrift.Compare(Score(reference), Score(current), "Nope"));
        Assert.Contains("Score", missing.Message);
    }

    [Fact]
    public void Over_time_flags_only_the_shifted_chunk_and_pairs_seasons()
    {
        var rng = new Random(9);
        var reference = Enumerable.Range(0, 600).Select(i => rng.NextDouble() + (i >= 300 ? 5 : 0)).ToArray(); // two "seasons"
        var current = Enumerable.Range(0, 600).Select(i => rng.NextDouble() + (i >= 300 ? 5.5 : 0)).ToArray(); // second one shifted
        var refChunks = ModelOps.Windows.Chunker.BySize(600, 300);
        var curChunks = ModelOps.Windows.Chunker.BySize(600, 300);
        var paired = PredictionDrift.OverTime(reference, refChunks, current, curChunks);
        Assert.Equal(["[300:600)"], paired.DriftedChunks);
        Assert.Equal("ks", paired.Chunks[0].Result.Test);
        // Against the whole reference, each season alone looks drifted: the season is mistaken for drift.
        var pooled = PredictionDrift.OverTime(reference, current, curChunks);
        Assert.Equal(2, pooled.DriftedChunks.Count);
        var traces = ChartJson.Traces(paired.Chart());
        Assert.Equal(paired.Chunks.Select(c => c.Result.Score), ChartJson.Numbers(traces[0], "y"));
        Assert.Throws<ArgumentException>(() => PredictionDrift.OverTime(reference, refChunks, current, ModelOps.Windows.Chunker.BySize(600, 200)));
    }

    [Fact]
    public void Mismatched_kinds_are_explained()
    {
        var ex = Assert.Throws<ArgumentException>(() => PredictionDrift.Compare(TableColumn.Numerical("p", [1, 2]), TableColumn.Categorical("p", ["a", "b"])));
        Assert.Contains("'p'", ex.Message);
    }

    private sealed class Example
    {
        public float X { get; set; }
        public bool Label { get; set; }
    }
}
