using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift.Multivariate;
using Workbooks.ModelOps.Windows;
using Xunit;
using static Workbooks.Tests.Drift.Multivariate.MultivariateFixtures;

namespace Workbooks.Tests.Drift.Multivariate;

public class PcaReconstructionDriftTests
{
    private static readonly string[] Columns = ["x1", "x2", "x3", "c"];

    // Expected values: Fixtures/multivariate/pca_expected.json, written by make_pca_reconstruction.py with
    // scikit-learn 1.2.1 (SimpleImputer, StandardScaler, PCA(0.65)) on the same CSV files.
    private static (PcaReconstructionDrift Detector, PcaReconstructionResult Result, System.Text.Json.JsonElement Expected) Run()
    {
        var expected = Json("pca_expected.json");
        int size = expected.GetProperty("chunk_size").GetInt32();
        var reference = Table.ReadCsv(PathOf("pca_reference.csv"));
        var current = Table.ReadCsv(PathOf("pca_current.csv"));
        var detector = PcaReconstructionDrift.Fit(reference, Columns, Chunker.BySize(reference.RowCount, size));
        return (detector, detector.Analyze(current, Chunker.BySize(current.RowCount, size)), expected);
    }

    [Fact]
    public void Matches_scikit_learn_pipeline()
    {
        var (detector, result, expected) = Run();
        Assert.Equal(expected.GetProperty("n_components").GetInt32(), result.Components);
        Assert.Equal(expected.GetProperty("explained_variance_ratio").GetDouble(), result.ExplainedVarianceRatio, 1e-10);
        AssertClose(Doubles(expected.GetProperty("reference_chunk_errors")), detector.ReferenceChunks.Select(c => c.Error));
        AssertClose(Doubles(expected.GetProperty("current_chunk_errors")), result.CurrentChunks.Select(c => c.Error));
        AssertClose(Doubles(expected.GetProperty("current_first_row_errors")), detector.RowErrors(Table.ReadCsv(PathOf("pca_current.csv"))).Take(5));
        Assert.Equal(expected.GetProperty("upper_threshold").GetDouble(), result.UpperThreshold, 1e-9);
        Assert.Equal(expected.GetProperty("lower_threshold").GetDouble(), result.LowerThreshold, 1e-9);
    }

    [Fact]
    public void Flags_the_decorrelated_chunks_only()
    {
        var (_, result, _) = Run();
        // The last 500 current rows break the x1-x2 correlation: chunks [400:600) onwards; the first two are clean.
        Assert.Equal(new[] { false, false }, result.CurrentChunks.Take(2).Select(c => c.Alert));
        Assert.True(result.CurrentChunks[3].Alert);
        Assert.True(result.DriftDetected);
    }

    [Fact]
    public void Doc_example_output()
    {
        var (_, result, _) = Run();
        Assert.Equal("2 components, drift: True", $"{result.Components} components, drift: {result.DriftDetected}");
        Assert.Contains("drift detected", result.ToHtml());
    }

    [Fact]
    public void Errors_name_the_column()
    {
        var reference = Synthetic(100, 1);
        var current = new Table([TableColumn.Numerical("a", [1, 2]), TableColumn.Numerical("b", [1, double.PositiveInfinity]),
            TableColumn.Numerical("c", [1, 2]), TableColumn.Categorical("k", ["a", "b"])], "current.csv");
        var detector = PcaReconstructionDrift.Fit(reference, SyntheticColumns);
        var inf = Assert.Throws<ArgumentException>(() => detector.Analyze(current));
        Assert.Contains("column 'b' row 1", inf.Message);
        var missing = Assert.Throws<KeyNotFoundException>(() => PcaReconstructionDrift.Fit(reference, ["a", "nope"]));
        Assert.Contains("'nope'", missing.Message);
        var allMissing = new Table([TableColumn.Numerical("a", [double.NaN, double.NaN, double.NaN])], "ref.csv");
        Assert.Contains("'a' has no values", Assert.Throws<ArgumentException>(() => PcaReconstructionDrift.Fit(allMissing, ["a"])).Message);
    }

    private static void AssertClose(IEnumerable<double> expected, IEnumerable<double> actual)
    {
        var e = expected.ToArray(); var a = actual.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= 1e-9 * Math.Max(1, Math.Abs(e[i])), $"item {i}: expected {e[i]:R}, got {a[i]:R}");
    }
}
