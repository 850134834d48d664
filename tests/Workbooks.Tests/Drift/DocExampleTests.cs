using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Drift.StatTests;
using Workbooks.ModelOps.Statistics;
using Xunit;

namespace Workbooks.Tests.Drift;

/// <summary>The printed output of every &lt;example&gt; in the XML docs of Statistics/ and Drift/. Values of the
/// statistics examples were checked with SciPy 1.10.1 (e.g. anderson_ksamp([[1..5],[6..10]]) = 4.726015, 0.004356;
/// chisquare example from SciPy's docs = 3.5, 0.623388).</summary>
public class DocExampleTests
{
    private static string S(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void StatisticsExamplesPrintWhatTheDocsSay()
    {
        var ks = KolmogorovSmirnov.TwoSample([1, 2, 3, 4], [5, 6, 7, 8]);
        Assert.Equal("1 0.028571 exact", S($"{ks.Statistic} {ks.PValue:F6} {ks.Method}"));
        var mw = MannWhitney.Test([1, 2, 3], [4, 5, 6, 7]);
        Assert.Equal("0 0.057143 exact", S($"{mw.Statistic} {mw.PValue:F6} {mw.Method}"));
        var ad = AndersonDarling.TwoSample([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
        Assert.Equal("4.726015 0.004356", S($"{ad.Statistic:F6} {ad.PValue:F6}"));
        var cvm = CramerVonMises.TwoSample([1, 2, 3], [4, 5, 6]);
        Assert.Equal("0.527778 0.100000 exact", S($"{cvm.Statistic:F6} {cvm.PValue:F6} {cvm.Method}"));
        var t = WelchTTest.Test([1, 2, 3, 4], [2, 4, 6, 8, 10]);
        Assert.Equal("-2.251436 0.069134", S($"{t.Statistic:F6} {t.PValue:F6}"));
        var chi = ChiSquare.GoodnessOfFit([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]);
        Assert.Equal("3.500000 0.623388", S($"{chi.Statistic:F6} {chi.PValue:F6}"));
        var f = FisherExact.Test(8, 2, 1, 5);
        Assert.Equal("20.0 0.034965", S($"{f.Statistic:F1} {f.PValue:F6}"));
        var z = ProportionsZTest.Test(30, 100, 50, 100);
        Assert.Equal("-2.886751 0.003892", S($"{z.Statistic:F6} {z.PValue:F6}"));
        Assert.Equal("0.270536", KolmogorovDistribution.Sf(10, 0.3).ToString("F6", CultureInfo.InvariantCulture));
        double[] a = [0, 1, 3], b = [5, 6, 8];
        Assert.Equal("5 2.708013", S($"{CdfDistances.Wasserstein(a, b)} {CdfDistances.Energy(a, b):F6}"));
        double[] r = [0.5, 0.5], c = [0.9, 0.1];
        Assert.Equal("0.878890 0.4", S($"{Divergences.Psi(r, c):F6} {Divergences.TotalVariation(r, c):F1}"));
    }

    [Fact]
    public void DriftExamplesPrintWhatTheDocsSay()
    {
        Assert.Equal("ks: Kolmogorov-Smirnov (p-value < 0.05, numerical)", DriftTestRegistry.Get("ks").Descriptor.ToString());
        Assert.Equal("ks,wasserstein,jensenshannon", string.Join(",", DriftTestRegistry.Names.Take(3)));
        var pair = DriftColumnPair.Numerical("x", [3.0, 1, double.NaN], [2.0, double.PositiveInfinity]);
        Assert.Equal("1 1 3", $"{pair.ReferenceCounts.Missing} {pair.CurrentCounts.PositiveInfinity} {pair.DistinctValues}");
        var binPair = DriftColumnPair.Numerical("x", [1.0, 1, 2], [2.0, 2]);
        Assert.Equal("0 1", string.Join(" ", binPair.Shares.Current));
        var choicePair = DriftColumnPair.Numerical("x", [1.0, 2, 3, 4, 5, 6], [1.0, 2]);
        Assert.Equal("ks", AutoTestChooser.Choose(choicePair, new DriftOptions()).Test.Descriptor.Name);
        var col = DataDrift.Compare("x", [1.0, 2, 3, 4, 5, 6, 7], [11.0, 12, 13, 14, 15, 16, 17]);
        Assert.Equal("ks True", $"{col.Test} {col.DriftDetected}");
        var reference = new Table([TableColumn.Numerical("x", [1, 2, 3, 4, 5, 6, 7, 8])]);
        var current = new Table([TableColumn.Numerical("x", [11, 12, 13, 14, 15, 16, 17, 18])]);
        var report = DataDrift.Compute(reference, current);
        Assert.Equal("True 1", $"{report.DatasetDrift} {report.NumberOfDriftedColumns}");
        Assert.Equal("1 of 1 columns drifted (share 1, threshold 0.5): dataset drift", report.ToString());
        var o = new DriftOptions { TestForAll = "psi", DriftShare = 0.3 };
        Assert.Equal("psi 0.3", S($"{o.TestForAll} {o.DriftShare}"));
        Assert.Equal(3, MultipleTesting.BenjaminiHochberg([0.01, 0.04, 0.03], 0.05).Count(d => d));
        var empty = new DataDriftReport([], 0.5, MultipleTestingCorrection.None, 0, 0);
        Assert.Equal("""{"dataset_drift":false,"drift_share":0.5,"number_of_drifted_columns":0,"number_of_tested_columns":0,"columns":[]}""", DataDriftJson.Write(empty, indented: false));
        Assert.Contains("No dataset drift", DataDriftHtml.Fragment(empty));
    }

    [Fact]
    public void DescriptorExamplesPrintWhatTheDocsSay()
    {
        Assert.Equal("0.05", new KsDriftTest().Descriptor.DefaultThreshold.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(DriftScoreKind.Distance, new WassersteinDriftTest().Descriptor.ScoreKind);
        Assert.Equal(DriftScoreKind.PValue, new AndersonDarlingDriftTest().Descriptor.ScoreKind);
        Assert.True(new HellingerDriftTest().Descriptor.Categorical);
        Assert.Equal("Energy distance", new EnergyDistanceDriftTest().Descriptor.DisplayName);
        Assert.Equal(0.1, new FisherExactDriftTest().Descriptor.DefaultThreshold);
        Assert.Equal(0.1, new GTestDriftTest().Descriptor.DefaultThreshold);
        Assert.Equal(0.1, new PsiDriftTest().Descriptor.DefaultThreshold);
        var names = new IDriftTest[] { new KlDivergenceDriftTest(), new ZTestDriftTest(), new WelchTTestDriftTest(), new CramerVonMisesDriftTest(),
            new TotalVariationDriftTest(), new MannWhitneyDriftTest(), new ChiSquareDriftTest(), new JensenShannonDriftTest() }.Select(t => t.Descriptor.Name);
        Assert.Equal("kl_div z t_test cramer_von_mises TVD mannw chisquare jensenshannon", string.Join(" ", names));
    }
}
