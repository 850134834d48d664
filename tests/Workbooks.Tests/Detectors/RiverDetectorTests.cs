using Workbooks.ModelOps.Detectors;
using Xunit;

namespace Workbooks.Tests.Detectors;

/// <summary>
/// River's tests of its drift detectors (online-ml/river, river/drift/test_drift_detectors.py, the version
/// with WSTD, i.e. after the binary detectors moved to drift.binary), for the seven detectors we have:
/// same NumPy streams (data_stream_1..3, rebuilt in stream_np_*.txt), same parameters, River's expected
/// indices.
/// </summary>
public class RiverDetectorTests
{
    private static List<int> Drifts(DriftDetector detector, double[] stream)
    {
        var detected = new List<int>();
        for (int i = 0; i < stream.Length; i++)
        {
            detector.Update(stream[i]);
            if (detector.DriftDetected) detected.Add(i);
        }
        return detected;
    }

    [Fact]
    public void Adwin() => Assert.Equal([1023], Drifts(new Adwin(), DetectorFixtures.StreamNp12345));

    [Fact]
    public void Ddm()
    {
        Assert.Equal([1049], Drifts(new Ddm(), DetectorFixtures.StreamNpBinomial));
        Assert.Empty(Drifts(new Ddm(), Enumerable.Repeat(1.0, 1000).ToArray()));
    }

    [Fact]
    public void Eddm() => Assert.Equal([1059], Drifts(new Eddm(alpha: 0.9, beta: 0.8), DetectorFixtures.StreamNpBinomial));

    [Fact]
    public void HddmA()
    {
        Assert.Equal([1047], Drifts(new HddmA(), DetectorFixtures.StreamNpBinomial));
        Assert.Equal([531, 1015, 1545], Drifts(new HddmA(twoSidedTest: true), DetectorFixtures.StreamNpNormal));
    }

    [Fact]
    public void HddmW()
    {
        Assert.Equal([1018], Drifts(new HddmW(), DetectorFixtures.StreamNpBinomial));
        Assert.Equal([507, 1032, 1508], Drifts(new HddmW(twoSidedTest: true), DetectorFixtures.StreamNpNormal));
    }

    [Fact]
    public void Kswin() =>
        Assert.Equal([1042], Drifts(new Kswin(alpha: 0.0001, windowSize: 200, statSize: 100, seed: 42), DetectorFixtures.StreamNp12345));

    [Fact]
    public void Kswin_rejects_bad_parameters()
    {
        Assert.ThrowsAny<ArgumentException>(() => new Kswin(alpha: -0.1));
        Assert.ThrowsAny<ArgumentException>(() => new Kswin(alpha: 1.1));
        Assert.ThrowsAny<ArgumentException>(() => new Kswin(windowSize: -10));
        Assert.ThrowsAny<ArgumentException>(() => new Kswin(windowSize: 10, statSize: 30));
    }

    [Fact]
    public void PageHinkley()
    {
        Assert.Equal([588, 1681], Drifts(new PageHinkley(mode: "up"), DetectorFixtures.StreamNpNormal));
        Assert.Equal([1172], Drifts(new PageHinkley(mode: "down"), DetectorFixtures.StreamNpNormal));
        Assert.Equal([588, 1097, 1585], Drifts(new PageHinkley(mode: "both"), DetectorFixtures.StreamNpNormal));
    }
}
