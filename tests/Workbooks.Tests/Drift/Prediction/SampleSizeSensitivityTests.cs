using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Workbooks.Tests.Reporting;
using Xunit;

namespace Workbooks.Tests.Drift.Prediction;

public class SampleSizeSensitivityTests
{
    [Fact]
    public void Ks_p_value_collapses_with_size_while_the_distance_holds()
    {
        // A small, real shift: 0.05 standard deviations.
        var rng = new Random(3);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var reference = TableColumn.Numerical("x", Enumerable.Range(0, 20000).Select(_ => Normal()).ToArray());
        var current = TableColumn.Numerical("x", Enumerable.Range(0, 20000).Select(_ => Normal() + 0.05).ToArray());
        // From 1,000 rows up the distance's own sampling noise (about 1/sqrt(n)) stays well under its 0.1 threshold;
        // at a few hundred rows it does not, and a resample can cross it by chance.
        var r = SampleSizeSensitivity.Run(reference, current, [1000, 2000, 20000], ["ks", "wasserstein"]);
        var ks = r.Points.Where(p => p.Test == "ks").ToArray();
        var w = r.Points.Where(p => p.Test == "wasserstein").ToArray();
        Assert.False(ks[0].DriftDetected);
        Assert.True(ks[2].DriftDetected, $"p at 20000 = {ks[2].Score}");
        Assert.All(w, p => Assert.False(p.DriftDetected, $"distance {p.Score} at {p.Size}"));
        Assert.Equal(20000, r.SmallestDriftingSize("ks"));
        Assert.Null(r.SmallestDriftingSize("wasserstein"));
        Assert.Equal(["ks", "ks threshold", "wasserstein", "wasserstein threshold"], ChartJson.Names(ModelOps.Reporting.DataDriftCharts.SampleSize(r)));
    }

    [Fact]
    public void Rejects_a_test_of_the_wrong_kind()
    {
        var ex = Assert.Throws<ArgumentException>(() => SampleSizeSensitivity.Run(TableColumn.Categorical("c", ["a"]), TableColumn.Categorical("c", ["b"]), [10], ["ks"]));
        Assert.Contains("'c'", ex.Message);
    }
}
