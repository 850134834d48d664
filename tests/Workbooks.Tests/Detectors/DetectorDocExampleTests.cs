using Workbooks.ModelOps.Detectors;
using Xunit;
using Workbooks.ModelOps.Statistics;

namespace Workbooks.Tests.Detectors;

/// <summary>Each detector's XML doc example, run as written, prints what its doc says.</summary>
public class DetectorDocExampleTests
{
    private static List<string> Drifts(DriftDetector detector, int count, Func<int, double> value)
    {
        var lines = new List<string>();
        for (int i = 0; i < count; i++)
        {
            detector.Update(value(i));
            if (detector.DriftDetected) lines.Add($"drift at {i}");
        }
        return lines;
    }

    [Fact]
    public void DriftDetector_and_PageHinkley_examples() =>
        Assert.Equal(["drift at 105"], Drifts(DetectorCatalog.Create("page_hinkley"), 200, i => i < 100 ? 0.0 : 10.0));

    [Fact]
    public void Ddm_example() =>
        Assert.Equal(["drift at 222"], Drifts(new Ddm(), 400, i => i < 200 ? (i % 10 == 0 ? 1 : 0) : (i % 2 == 0 ? 1 : 0)));

    [Fact]
    public void Eddm_example() =>
        Assert.Equal(["drift at 2373"], Drifts(new Eddm(), 3000, i => i < 2000 ? (i % 20 == 19 ? 1 : 0) : (i % 3 == 0 ? 1 : 0)));

    [Fact]
    public void HddmA_example() =>
        Assert.Equal(["drift at 224"], Drifts(new HddmA(), 400, i => i < 200 ? (i % 10 == 0 ? 1 : 0) : (i % 2 == 0 ? 1 : 0)));

    [Fact]
    public void HddmW_example() =>
        Assert.Equal(["drift at 236"], Drifts(new HddmW(), 400, i => i < 200 ? (i % 10 == 0 ? 1 : 0) : (i % 2 == 0 ? 1 : 0)));

    [Fact]
    public void Kswin_example() =>
        Assert.Equal(["drift at 213"], Drifts(new Kswin(seed: 42), 400, i => i < 200 ? i % 5 : 10 + i % 5));

    [Fact]
    public void Adwin_example() =>
        Assert.Equal(["drift at 1023"], Drifts(new Adwin(), 2000, i => i < 1000 ? i % 2 : 3 + i % 2));

    [Fact]
    public void PythonRandom_example() => Assert.Equal(2746317213u, new PythonRandom(42).GetRandBits(32));

    [Fact]
    public void KsEqualSizeTest_example()
    {
        double[] a = [1, 2, 3, 4, 5], b = [6, 7, 8, 9, 10];
        var (d, p) = KsEqualSizeTest.Run(a, b);
        Assert.Equal("1 0.007936507936507936", $"{d} {p:R}");
    }

    [Fact]
    public void Catalog_example()
    {
        var kswin = DetectorCatalog.Create("KSWIN", new Dictionary<string, string> { ["alpha"] = "0.0001", ["seed"] = "42" });
        Assert.Equal("alpha=0.0001, window_size=100, stat_size=30, seed=42", string.Join(", ", kswin.Parameters));
    }

    [Fact]
    public void Serializer_example()
    {
        var ddm = new Ddm();
        ddm.Update(1);
        var copy = DetectorSerializer.FromJson(DetectorSerializer.ToJson(ddm));
        Assert.Equal("ddm warm_start=30, warning_threshold=2, drift_threshold=3", $"{copy.Name} {string.Join(", ", copy.Parameters)}");
    }

    [Fact]
    public void RunningMean_example()
    {
        var mean = new RunningMean();
        foreach (var x in new[] { -5.0, -3, -1, 1, 3, 5 }) mean.Update(x);
        Assert.Equal("6 0", $"{mean.N} {mean.Mean}");
    }
}
