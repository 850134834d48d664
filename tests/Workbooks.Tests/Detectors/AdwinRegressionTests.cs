using Workbooks.ModelOps.Detectors;
using Xunit;

namespace Workbooks.Tests.Detectors;

/// <summary>
/// River's own ADWIN regression tests (online-ml/river, river/drift/test_adwin_regression.py at commit
/// 3430070f4c6a88c03a24b1a0734b8f768bb06e30), one test per River test, same streams, same parameters,
/// same assertions. Expected indices are River's published values. Streams: Python's random.Random is
/// rebuilt with <see cref="PythonStreams"/>; NumPy's legacy streams come from stream_np_*.txt
/// (Fixtures/detectors/make_detector_fixtures.py).
/// </summary>
public class AdwinRegressionTests
{
    private static readonly int[] ZeroOne = [0, 1];
    private static readonly int[] FourToSeven = [4, 5, 6, 7];

    private static List<int> Detections(Adwin adwin, IEnumerable<double> stream)
    {
        var detected = new List<int>();
        int i = 0;
        foreach (var x in stream)
        {
            adwin.Update(x);
            if (adwin.DriftDetected) detected.Add(i);
            i++;
        }
        return detected;
    }

    // Feeds `value` until a drift is flagged (true) or `count` values went in (false), as River's loops with break.
    private static bool DriftsWithin(Adwin adwin, int count, double value)
    {
        for (int i = 0; i < count; i++)
        {
            adwin.Update(value);
            if (adwin.DriftDetected) return true;
        }
        return false;
    }

    // ---- TestDriftDetection ----

    [Fact]
    public void Basic_drift_at_expected_index() =>
        Assert.Equal([1023], Detections(new Adwin(), DetectorFixtures.StreamNp12345));

    [Fact]
    public void Multiple_drifts_at_rivers_indices()
    {
        var rng = new PythonStreams(42);
        var data = rng.Choices(ZeroOne, 1000).Concat(rng.Choices(FourToSeven, 1000))
            .Concat(rng.Choices(ZeroOne, 1000)).Concat(rng.Choices(FourToSeven, 1000)).ToArray();
        // River: assert detected == [1023, 2015, 3007]
        Assert.Equal([1023, 2015, 3007], Detections(new Adwin(), data));
    }

    [Fact]
    public void No_drift_on_a_constant_stream()
    {
        var adwin = new Adwin();
        for (int i = 0; i < 5000; i++)
        {
            adwin.Update(1.0);
            Assert.False(adwin.DriftDetected);
        }
    }

    [Fact]
    public void At_most_two_detections_on_a_stationary_stream()
    {
        var rng = new PythonStreams(123);
        var adwin = new Adwin();
        for (int i = 0; i < 5000; i++)
            adwin.Update(rng.Gauss(0, 1));
        Assert.True(adwin.NDetections <= 2, $"{adwin.NDetections} detections");
    }

    [Fact]
    public void Immediate_large_shift_is_detected()
    {
        var adwin = new Adwin(delta: 0.01);
        for (int i = 0; i < 200; i++) adwin.Update(0.0);
        Assert.True(DriftsWithin(adwin, 200, 100.0), "a shift of 100 within 200 values is a drift");
    }

    // ---- TestStatistics ----

    [Fact]
    public void Width_grows_one_by_one()
    {
        var adwin = new Adwin();
        for (int i = 1; i <= 100; i++)
        {
            adwin.Update(1.0);
            Assert.Equal(i, adwin.Width);
        }
    }

    [Fact]
    public void Total_and_estimation_are_consistent()
    {
        var adwin = new Adwin();
        foreach (var v in new[] { 1.0, 2, 3, 4, 5 }) adwin.Update(v);
        Assert.Equal(15.0, adwin.Total, 12);
        Assert.Equal(3.0, adwin.Estimation, 12);
        Assert.Equal(5, adwin.Width);
    }

    [Fact]
    public void Variance_is_the_sum_of_squared_deviations()
    {
        var values = new PythonStreams(999).Gauss(5, 2, 500);
        var adwin = new Adwin();
        foreach (var v in values) adwin.Update(v);
        double mean = values.Sum() / values.Length;
        double expected = values.Sum(v => (v - mean) * (v - mean));
        Assert.True(Math.Abs(adwin.Variance - expected) <= 1e-6 * expected, $"{adwin.Variance} vs {expected}"); // River: rel=1e-6
    }

    [Fact]
    public void Estimation_follows_the_new_window_after_a_drift()
    {
        var adwin = new Adwin();
        for (int i = 0; i < 1000; i++) adwin.Update(0.0);
        for (int i = 0; i < 1000; i++) adwin.Update(10.0);
        Assert.True(adwin.Estimation > 5.0, $"estimation {adwin.Estimation}");
    }

    [Fact]
    public void Empty_window_estimates_zero() => Assert.Equal(0.0, new Adwin().Estimation);

    // ---- TestParameters ----

    [Fact]
    public void Clock_one_detects()
    {
        Assert.NotEmpty(Detections(new Adwin(clock: 1), DetectorFixtures.StreamNp12345));
    }

    [Fact]
    public void Larger_delta_detects_at_least_as_often()
    {
        var data = DetectorFixtures.StreamNp42Randn;
        int Count(double delta) => Detections(new Adwin(delta: delta), data).Count;
        Assert.True(Count(0.2) >= Count(0.001), $"delta 0.2: {Count(0.2)}, delta 0.001: {Count(0.001)}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(20)]
    public void Any_max_buckets_keeps_a_window(int maxBuckets)
    {
        var adwin = new Adwin(maxBuckets: maxBuckets);
        var rng = new PythonStreams(42);
        for (int i = 0; i < 2000; i++) adwin.Update(rng.Random());
        Assert.True(adwin.Width > 0);
    }

    [Fact]
    public void Min_window_length_one_detects_a_mean_shift()
    {
        var rng = new PythonStreams(42);
        var adwin = new Adwin(minWindowLength: 1, clock: 1);
        var data = rng.Gauss(0, 1, 500).Concat(rng.Gauss(5, 1, 500));
        Assert.NotEmpty(Detections(adwin, data));
    }

    [Fact]
    public void Nothing_is_detected_within_the_grace_period()
    {
        var adwin = new Adwin(gracePeriod: 100, clock: 1);
        for (int i = 0; i < 50; i++) adwin.Update(0.0);
        for (int i = 0; i < 50; i++) adwin.Update(1000.0);
        Assert.Equal(0, adwin.NDetections);
    }

    // ---- TestAdaptiveWindowing (River tests its helper directly; ours has one class) ----

    [Fact]
    public void First_update_holds_one_value()
    {
        var adwin = new Adwin();
        adwin.Update(1.0);
        Assert.False(adwin.DriftDetected);
        Assert.Equal(1.0, adwin.Width);
        Assert.Equal(1.0, adwin.Total);
    }

    [Fact]
    public void Detections_are_counted()
    {
        // River counts on the helper, which never resets; our detector resets after a drift as River's
        // ADWIN wrapper does, so the flags are counted here instead.
        var adwin = new Adwin(delta: 0.01, clock: 1);
        var data = Enumerable.Repeat(0.0, 500).Concat(Enumerable.Repeat(100.0, 500));
        Assert.NotEmpty(Detections(adwin, data));
    }

    [Fact]
    public void Exact_statistics_without_checks()
    {
        var adwin = new Adwin(clock: 1_000_000);
        var values = Enumerable.Range(0, 200).Select(i => (double)(i % 7)).ToArray();
        foreach (var v in values) adwin.Update(v);
        double mean = values.Sum() / 200;
        double expected = values.Sum(v => (v - mean) * (v - mean));
        Assert.Equal(200.0, adwin.Width);
        Assert.Equal(values.Sum(), adwin.Total, 9);
        Assert.True(Math.Abs(adwin.Variance - expected) <= 1e-6 * expected);
    }

    // ---- TestEdgeCases ----

    [Fact]
    public void Single_and_two_elements()
    {
        var adwin = new Adwin();
        adwin.Update(42.0);
        Assert.Equal((1.0, 42.0, 42.0), (adwin.Width, adwin.Total, adwin.Estimation));
        adwin = new Adwin();
        adwin.Update(1.0);
        adwin.Update(2.0);
        Assert.Equal((2.0, 3.0, 1.5), (adwin.Width, adwin.Total, adwin.Estimation));
    }

    [Theory]
    [InlineData(1e15)]
    [InlineData(-5.0)]
    public void Constant_streams_estimate_their_value(double value)
    {
        var adwin = new Adwin();
        for (int i = 0; i < 100; i++) adwin.Update(value);
        Assert.Equal(100, adwin.Width);
        Assert.True(Math.Abs(adwin.Estimation - value) <= 1e-6 * Math.Abs(value)); // pytest.approx default
    }

    [Fact]
    public void Alternating_values_are_not_a_drift()
    {
        var adwin = new Adwin();
        for (int i = 0; i < 2000; i++) adwin.Update(i % 2);
        Assert.True(adwin.NDetections <= 1);
    }

    [Fact]
    public void Very_long_stream_keeps_a_sane_window()
    {
        var rng = new PythonStreams(42);
        var adwin = new Adwin();
        for (int i = 0; i < 100_000; i++) adwin.Update(rng.Random());
        Assert.True(adwin.Width > 0);
        Assert.InRange(adwin.Estimation, double.Epsilon, 1.0 - 1e-12);
    }

    [Fact]
    public void Next_update_after_a_drift_starts_afresh()
    {
        var adwin = new Adwin(clock: 1);
        for (int i = 0; i < 500; i++) adwin.Update(0.0);
        Assert.True(DriftsWithin(adwin, 500, 100.0));
        adwin.Update(50.0);
        Assert.Equal(1, adwin.Width);
    }
}
