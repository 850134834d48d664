using Workbooks.ModelOps.Detectors;
using Xunit;

namespace Workbooks.Tests.Detectors;

/// <summary>Serialization round trips, reset semantics and the allocation-free update.</summary>
public class DetectorStateTests
{
    public static TheoryData<string> Names => new(DetectorCatalog.Names);

    // A stream with changes and noise so every detector warns, drifts and resets along the way.
    private static double[] MixedStream()
    {
        var rng = new Random(11);
        var values = new double[6000];
        for (int i = 0; i < values.Length; i++)
        {
            double rate = i < 2000 ? 0.1 : i < 4000 ? 0.5 : 0.2;
            values[i] = rng.NextDouble() < rate ? 1 : 0;
        }
        return values;
    }

    private static DriftDetector Make(string name) => name == "kswin"
        ? DetectorCatalog.Create(name, new Dictionary<string, string> { ["seed"] = "3" })
        : DetectorCatalog.Create(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void Restored_detector_continues_exactly_as_the_original(string name)
    {
        var stream = MixedStream();
        var uninterrupted = Make(name);
        var expected = new List<(bool, bool)>();
        foreach (var x in stream)
        {
            uninterrupted.Update(x);
            expected.Add((uninterrupted.WarningDetected, uninterrupted.DriftDetected));
        }
        Assert.Contains((false, true), expected); // the stream really makes it drift

        foreach (int cut in new[] { 1, 1500, stream.Length / 2 })
        {
            var first = Make(name);
            var flags = new List<(bool, bool)>();
            for (int i = 0; i < cut; i++)
            {
                first.Update(stream[i]);
                flags.Add((first.WarningDetected, first.DriftDetected));
            }
            var json = DetectorSerializer.ToJson(first);
            var restored = DetectorSerializer.FromJson(json);
            Assert.Equal(first.GetType(), restored.GetType());
            Assert.Equal(first.Parameters, restored.Parameters);
            Assert.Equal(json, DetectorSerializer.ToJson(restored));
            for (int i = cut; i < stream.Length; i++)
            {
                restored.Update(stream[i]);
                flags.Add((restored.WarningDetected, restored.DriftDetected));
            }
            Assert.Equal(expected, flags);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Update_allocates_nothing_after_warm_up(string name)
    {
        var stream = MixedStream();
        var detector = Make(name);
        foreach (var x in stream) detector.Update(x); // warm-up: JIT, buffers, resets
        long least = AllocationProbe.LeastAllocated(() =>
        {
            for (int round = 0; round < 20; round++)
                foreach (var x in stream)
                    detector.Update(x);
        });
        Assert.Equal(0, least);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_drift_resets_the_detector_on_the_next_update(string name)
    {
        var stream = MixedStream();
        var detector = Make(name);
        var fresh = Make(name);
        int i = 0;
        while (!detector.DriftDetected) detector.Update(stream[i++]);
        // After the drift, the detector must behave like a fresh one fed the rest of the stream.
        for (; i < stream.Length; i++)
        {
            detector.Update(stream[i]);
            fresh.Update(stream[i]);
            Assert.Equal((fresh.WarningDetected, fresh.DriftDetected), (detector.WarningDetected, detector.DriftDetected));
            if (fresh.DriftDetected) break;
        }
    }

    [Fact]
    public void Malformed_state_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => DetectorSerializer.FromJson("{\"detector\":\"ddm\"}"));
        Assert.Throws<FormatException>(() => DetectorSerializer.FromJson("{\"detector\":\"nope\",\"parameters\":{},\"state\":{}}"));
        Assert.Throws<FormatException>(() => DetectorSerializer.FromJson("not json"));
    }

    [Fact]
    public void Catalog_lists_valid_detectors_and_parameters_in_errors()
    {
        var unknown = Assert.ThrowsAny<ArgumentException>(() => DetectorCatalog.Create("cusum"));
        Assert.Contains("adwin, ddm, eddm, hddm_a, hddm_w, kswin, page_hinkley", unknown.Message);
        var badParam = Assert.ThrowsAny<ArgumentException>(() =>
            DetectorCatalog.Create("ADWIN", new Dictionary<string, string> { ["lambda"] = "1" }));
        Assert.Contains("delta, clock, max_buckets, min_window_length, grace_period", badParam.Message);
        var badValue = Assert.ThrowsAny<ArgumentException>(() =>
            DetectorCatalog.Create("ddm", new Dictionary<string, string> { ["warm_start"] = "abc" }));
        Assert.Contains("warm_start", badValue.Message);
        var badRange = Assert.ThrowsAny<ArgumentException>(() =>
            DetectorCatalog.Create("eddm", new Dictionary<string, string> { ["alpha"] = "0.5" }));
        Assert.Contains("alpha", badRange.Message);
    }

    [Fact]
    public void Defaults_are_rivers()
    {
        string Describe(string n) => string.Join(", ", DetectorCatalog.Create(n).Parameters);
        Assert.Equal("delta=0.002, clock=32, max_buckets=5, min_window_length=5, grace_period=10", Describe("adwin"));
        Assert.Equal("warm_start=30, warning_threshold=2, drift_threshold=3", Describe("ddm"));
        Assert.Equal("warm_start=30, alpha=0.95, beta=0.9", Describe("eddm"));
        Assert.Equal("drift_confidence=0.001, warning_confidence=0.005, two_sided_test=False", Describe("hddm_a"));
        Assert.Equal("drift_confidence=0.001, warning_confidence=0.005, lambda_val=0.05, two_sided_test=False", Describe("hddm_w"));
        Assert.Equal("alpha=0.005, window_size=100, stat_size=30, seed=None", Describe("kswin"));
        Assert.Equal("min_instances=30, delta=0.005, threshold=50, alpha=0.9999, mode=both", Describe("page_hinkley"));
    }

    [Fact]
    public void Two_sided_and_mode_options_see_a_falling_mean_one_sided_ones_do_not()
    {
        var rng = new Random(4);
        var falling = Enumerable.Range(0, 6000).Select(i => rng.NextDouble() < (i < 3000 ? 0.5 : 0.05) ? 1.0 : 0.0).ToArray();
        // Did it flag a drift within 1,000 values after the fall? (Earlier false alarms do not count.)
        bool Drifts(DriftDetector d)
        {
            for (int i = 0; i < falling.Length; i++)
            {
                d.Update(falling[i]);
                if (d.DriftDetected && i >= 3000 && i < 4000) return true;
            }
            return false;
        }
        Assert.False(Drifts(new HddmA()));
        Assert.True(Drifts(new HddmA(twoSidedTest: true)));
        Assert.False(Drifts(new HddmW()));
        Assert.True(Drifts(new HddmW(twoSidedTest: true)));
        Assert.False(Drifts(new PageHinkley(mode: "up", threshold: 20)));
        Assert.True(Drifts(new PageHinkley(mode: "down", threshold: 20)));
        Assert.Throws<ArgumentException>(() => new PageHinkley(mode: "sideways"));
    }

    [Fact]
    public void Hddm_a_square_root_shortcut_agrees_with_the_plain_comparison()
    {
        var rng = new Random(8);
        for (int i = 0; i < 200_000; i++)
        {
            double b = Math.Pow(10, rng.NextDouble() * 20 - 18);
            double root = Math.Sqrt(b);
            // values right at the root (one ulp either side) and far from it
            double a = (i % 4) switch
            {
                0 => root,
                1 => Math.BitDecrement(root),
                2 => Math.BitIncrement(root),
                _ => root * (0.5 + rng.NextDouble()),
            };
            Assert.Equal(a >= Math.Sqrt(b), HddmA.AtLeastSquareRoot(a, b));
        }
    }
}
