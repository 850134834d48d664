using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Estimation;
using Workbooks.ModelOps.Windows;
using Xunit;

namespace Workbooks.Tests.Estimation;

/// <summary>DLE on synthetic regression data whose error law is known: y = x + noise with sd = 1 + x, prediction = x.</summary>
public class DleTests
{
    private static Table Data(int n, double xMin, double xMax, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n]; var y = new double[n]; var group = new string?[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = xMin + (xMax - xMin) * i / n;   // ordered: later chunks have larger x, so larger errors
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            y[i] = x[i] + (1 + x[i]) * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            group[i] = i % 3 == 0 ? "a" : "b";
        }
        return new Table([TableColumn.Numerical("x", x), TableColumn.Categorical("group", group), TableColumn.Numerical("prediction", x), TableColumn.Numerical("y", y)], "synthetic");
    }

    [Fact]
    public void Estimated_mae_follows_a_known_heteroscedastic_error_under_covariate_shift()
    {
        var dle = Dle.Fit(Data(6000, 0, 4, 1), ["x", "group"], "prediction", "y");
        var analysis = Data(4000, 1, 4, 2);   // shifted towards large x
        var e = dle.Estimate(analysis, Chunker.ByCount(analysis.RowCount, 4), target: "y");
        Assert.Equal("DLE", e.Method);
        Assert.Equal(8, e.Rows.Count);
        var mae = e.For(PerformanceMetric.Mae);
        // E|N(0, s)| = s·√(2/π): the chunk of x in [1, 1.75) has MAE ≈ 0.80·2.375 ≈ 1.9, the last ≈ 0.80·4.625 ≈ 3.7.
        Assert.InRange(mae[0].Estimated!.Value, 1.6, 2.2);
        Assert.InRange(mae[3].Estimated!.Value, 3.3, 4.1);
        Assert.True(mae[3].Alert);   // well above the reference MAE
        Assert.True(e.Coverage(PerformanceMetric.Mae) >= 0.75, $"MAE coverage {e.Coverage(PerformanceMetric.Mae)}");
        Assert.True(e.Coverage(PerformanceMetric.Rmse) >= 0.75, $"RMSE coverage {e.Coverage(PerformanceMetric.Rmse)}");
        Assert.All(e.For(PerformanceMetric.Rmse), r => Assert.True(r.Estimated >= e.For(PerformanceMetric.Mae)[r.Chunk.Index].Estimated));
    }

    [Fact]
    public void Missing_target_names_the_row()
    {
        var data = Data(100, 0, 1, 3);
        data["y"].Numbers![42] = double.NaN;
        var ex = Assert.Throws<ArgumentException>(() => Dle.Fit(data, ["x"], "prediction", "y"));
        Assert.Contains("'y'", ex.Message);
        Assert.Contains("row 42", ex.Message);
    }
}
