using System.Text.Json;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Xunit;

namespace Workbooks.Tests.Drift;

/// <summary>Evidently's automatic choice, dataset verdict, corrections, degenerate data and the JSON schema.
/// Expected values follow from the rules stated in issue #3 (Evidently's documented defaults).</summary>
public class DriftBehaviourTests
{
    private static double[] Range(int n, double offset = 0) => Enumerable.Range(0, n).Select(i => i + offset).ToArray();

    [Theory]
    // reference rows, distinct values wanted, kind -> test
    [InlineData(1000, 6, true, "ks")]
    [InlineData(1000, 5, true, "chisquare")]
    [InlineData(1000, 3, true, "chisquare")]
    [InlineData(1000, 2, true, "z")]
    [InlineData(1001, 6, true, "wasserstein")]
    [InlineData(1001, 5, true, "jensenshannon")]
    [InlineData(1000, 3, false, "chisquare")]
    [InlineData(1000, 2, false, "z")]
    [InlineData(1001, 50, false, "jensenshannon")]
    public void AutomaticChoiceFollowsEvidentlysRule(int rows, int distinct, bool numerical, string expected)
    {
        var refValues = Enumerable.Range(0, rows).Select(i => (double)(i % distinct)).ToArray();
        var curValues = new double[] { 0, 1 };
        var pair = numerical ? DriftColumnPair.Numerical("c", refValues, curValues)
            : DriftColumnPair.Categorical("c", refValues.Select(v => (string?)$"k{v}").ToArray(), curValues.Select(v => (string?)$"k{v}").ToArray());
        var choice = AutoTestChooser.Choose(pair, new DriftOptions());
        Assert.Equal(expected, choice.Test.Descriptor.Name);
        Assert.StartsWith("automatic:", choice.Reason);
    }

    [Fact]
    public void DistinctValuesAreCountedOverBothSides()
    {
        // 4 distinct in reference, 2 more only in current: 6 > 5 -> ks (Evidently counts the union).
        var pair = DriftColumnPair.Numerical("c", [1, 2, 3, 4, 1, 2], [5, 6]);
        Assert.Equal("ks", AutoTestChooser.Choose(pair, new DriftOptions()).Test.Descriptor.Name);
    }

    [Fact]
    public void OverridesTakePrecedenceColumnThenKindThenAll()
    {
        var reference = new Table([TableColumn.Numerical("a", Range(50)), TableColumn.Numerical("b", Range(50)), TableColumn.Categorical("c", Enumerable.Repeat<string?>("x", 50).ToArray())]);
        var options = new DriftOptions
        {
            TestForAll = "psi",
            TestPerKind = new Dictionary<ColumnKind, string> { [ColumnKind.Numerical] = "anderson" },
            TestPerColumn = new Dictionary<string, string> { ["a"] = "mannw" },
        };
        var report = DataDrift.Compute(reference, reference, options);
        Assert.Equal(("mannw", "set for column 'a'"), (report["a"].Test, report["a"].Reason));
        Assert.Equal(("anderson", "set for numerical columns"), (report["b"].Test, report["b"].Reason));
        Assert.Equal(("psi", "set for all columns"), (report["c"].Test, report["c"].Reason));
    }

    [Fact]
    public void NumericalTestOnCategoricalColumnIsAClearError()
    {
        var t = new Table([TableColumn.Categorical("city", ["a", "b"])]);
        var e = Assert.Throws<ArgumentException>(() => DataDrift.Compute(t, t, new DriftOptions { TestForAll = "ks" }));
        Assert.Contains("'city'", e.Message);
        Assert.Contains("'ks'", e.Message);
    }

    [Fact]
    public void DatasetDriftUsesDriftShareInclusive()
    {
        var drifted = TableColumn.Numerical("d", Range(30));
        var same = TableColumn.Numerical("s", Range(30));
        var reference = new Table([drifted, same]);
        var current = new Table([TableColumn.Numerical("d", Range(30, 100)), TableColumn.Numerical("s", Range(30))]);
        var report = DataDrift.Compute(reference, current);
        Assert.Equal(1, report.NumberOfDriftedColumns);
        Assert.True(report.DatasetDrift);                    // 0.5 >= 0.5
        Assert.False(DataDrift.Compute(reference, current, new DriftOptions { DriftShare = 0.6 }).DatasetDrift);
    }

    [Fact]
    public void BonferroniAndBenjaminiHochbergRedecidePValueTests()
    {
        // p-values 0.01, 0.02, 0.04 at 0.05 over 3 tests: Bonferroni keeps only p < 0.0167; BH keeps all three.
        var p = new[] { 0.01, 0.02, 0.04 };
        var columns = p.Select((v, i) => new ColumnDriftResult($"c{i}", ColumnKind.Numerical, "ks", "test", new DriftTestResult("ks", 0.1, v, v, 0.05, v < 0.05),
            new ColumnValueCounts(10, 0, 0, 0), new ColumnValueCounts(10, 0, 0, 0), 10, new Dictionary<string, DriftTestResult>(), false, [])).ToList();
        Assert.Equal([true, false, false], MultipleTesting.Apply(columns, MultipleTestingCorrection.Bonferroni).Select(c => c.DriftDetected));
        Assert.Equal([true, true, true], MultipleTesting.Apply(columns, MultipleTestingCorrection.BenjaminiHochberg).Select(c => c.DriftDetected));
        // Sorted p 0.01 <= 1/3 x 0.05, 0.04 > 2/3 x 0.05, 0.06 > 0.05: only the first survives.
        Assert.Equal([true, false, false], MultipleTesting.BenjaminiHochberg([0.01, 0.04, 0.06], 0.05));
    }

    [Fact]
    public void MissingAndInfinityAreCountedReportedAndKeptOutOfTests()
    {
        var r = DataDrift.Compare("x", [1, 2, double.NaN, 3, 4, 5, 6, double.PositiveInfinity], [1, 2, 3, 4, 5, 6, double.NaN, double.NaN, double.NegativeInfinity],
            new DriftOptions { MissingShareThreshold = 0.1 });
        Assert.Equal((8, 1, 1, 0), (r.Reference.Rows, r.Reference.Missing, r.Reference.PositiveInfinity, r.Reference.NegativeInfinity));
        Assert.Equal(2.0 / 9, r.MissingShare, 12);
        Assert.True(r.MissingShareAlert);
        Assert.Equal(0, r.Statistic); // same finite values on both sides
        Assert.Contains(r.Notes, n => n.Contains("+Infinity") && n.StartsWith("reference"));
        Assert.Contains(r.Notes, n => n.Contains("-Infinity") && n.StartsWith("current"));
    }

    [Theory]
    [InlineData("ks")] [InlineData("wasserstein")] [InlineData("jensenshannon")] [InlineData("psi")] [InlineData("kl_div")]
    [InlineData("hellinger")] [InlineData("anderson")] [InlineData("cramer_von_mises")] [InlineData("ed")] [InlineData("mannw")]
    [InlineData("t_test")] [InlineData("chisquare")] [InlineData("z")] [InlineData("fisher_exact")] [InlineData("g_test")] [InlineData("TVD")]
    public void DegenerateDataNeverCrashesOrGivesNaN(string test)
    {
        var options = new DriftOptions { TestForAll = test };
        double[] constant = [2, 2, 2, 2], other = [3, 3, 3], empty = [double.NaN, double.NaN], single = [5];
        foreach (var (a, b, what) in new[] { (constant, constant, "constant"), (constant, other, "two constants"), (constant, empty, "empty current"),
                                             (empty, constant, "empty reference"), (single, constant, "single value") })
        {
            var r = DataDrift.Compare("x", a, b, options);
            // An empty side is not tested (no score at all), never a neutral "score 0, no drift".
            Assert.Equal(!what.StartsWith("empty"), r.Tested);
            Assert.Equal(r.Tested, !double.IsNaN(r.Score));
            Assert.Equal(r.Tested, !double.IsNaN(r.Statistic));
            if (what.StartsWith("empty")) Assert.False(r.DriftDetected, $"{test} {what}");
            if (what == "constant") Assert.False(r.DriftDetected, $"{test} {what}");
        }
        var empties = DataDrift.Compare("x", constant, empty, options);
        Assert.Contains(empties.Notes, n => n.Contains("no usable values"));
    }

    [Fact]
    public void WassersteinNormIsFlooredAt0001()
    {
        var r = DataDrift.Compare("x", [1, 1, 1, 1, 1, 1, 1.0000001], [1, 1, 1, 1, 1, 1.00001, 1], new DriftOptions { TestForAll = "wasserstein" });
        Assert.Equal(r.Statistic / 0.001, r.Score, 12);
        Assert.Contains(r.Notes, n => n.Contains("below 0.001"));
    }

    [Fact]
    public void AllTestsRunsEveryApplicableTestAndJsonFollowsTheSchema()
    {
        var reference = new Table([TableColumn.Numerical("n", Range(40)), TableColumn.Categorical("c", Enumerable.Range(0, 40).Select(i => (string?)(i % 3 == 0 ? "a" : "b")).ToArray())]);
        var current = new Table([TableColumn.Numerical("n", Range(40, 5)), TableColumn.Categorical("c", Enumerable.Range(0, 40).Select(i => (string?)(i % 2 == 0 ? "a" : i == 7 ? null : "b")).ToArray())]);
        var report = DataDrift.Compute(reference, current, new DriftOptions { AllTests = true });
        using var doc = JsonDocument.Parse(report.ToJson());
        var root = doc.RootElement;
        Assert.Equal(["dataset_drift", "drift_share", "number_of_drifted_columns", "number_of_tested_columns", "columns"], root.EnumerateObject().Select(p => p.Name));
        var n = root.GetProperty("columns")[0];
        Assert.Equal(["name", "type", "test", "tested", "score", "threshold", "drift_detected", "missing_share", "reference", "current", "warnings", "tests"], n.EnumerateObject().Select(p => p.Name));
        Assert.Equal("numerical", n.GetProperty("type").GetString());
        Assert.Equal(DriftTestRegistry.For(ColumnKind.Numerical).Select(t => t.Descriptor.Name).OrderBy(x => x), n.GetProperty("tests").EnumerateObject().Select(p => p.Name).OrderBy(x => x));
        Assert.Equal(JsonValueKind.Null, n.GetProperty("tests").GetProperty("wasserstein").GetProperty("p_value").ValueKind);
        Assert.Equal(JsonValueKind.Number, n.GetProperty("tests").GetProperty("ks").GetProperty("p_value").ValueKind);
        var c = root.GetProperty("columns")[1];
        Assert.Equal("categorical", c.GetProperty("type").GetString());
        Assert.Equal(1.0 / 40, c.GetProperty("missing_share").GetDouble(), 12);
        Assert.Equal(DriftTestRegistry.For(ColumnKind.Categorical).Count, c.GetProperty("tests").EnumerateObject().Count());
        Assert.Contains("<table>", report.ToHtml());
        Assert.StartsWith("<!DOCTYPE html>", report.ToHtmlPage());
    }

    [Fact]
    public void QuantileBinningIsAnOption()
    {
        var reference = Range(100);
        var pair = DriftColumnPair.Numerical("x", reference, Range(100, 50)).WithBinning(new BinningSpec(BinningStrategy.ReferenceQuantiles, 4));
        Assert.Equal(4, pair.Shares.Reference.Length);
        Assert.All(pair.Shares.Reference, s => Assert.Equal(0.25, s, 12));
        // current 50..149: 25 values in [49.5, 74.25), 75 in [74.25, 149] (last edge widened to the pooled max)
        Assert.Equal([0, 0, 0.25, 0.75], pair.Shares.Current.Select(s => Math.Round(s, 12)));
        Assert.Contains("quantiles", pair.Shares.Description);
    }
}
