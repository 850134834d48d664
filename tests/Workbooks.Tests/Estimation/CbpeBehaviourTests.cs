using System.Text.Json;
using Workbooks.ModelOps.Estimation;
using Workbooks.ModelOps.Reporting;
using Workbooks.ModelOps.Windows;
using Xunit;

namespace Workbooks.Tests.Estimation;

/// <summary>CBPE end to end on synthetic scores whose true probabilities are known.</summary>
public class CbpeBehaviourTests
{
    /// <summary>Rows with true probability p ~ U(0,1), label drawn from p, and the model's score = p^power (power 1 is calibrated).</summary>
    private static (double[] Scores, int[] Predictions, int[] Labels) Synthetic(int n, double power, int seed)
    {
        var rng = new Random(seed);
        var scores = new double[n]; var pred = new int[n]; var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            double p = rng.NextDouble();
            labels[i] = rng.NextDouble() < p ? 1 : 0;
            scores[i] = Math.Pow(p, power);
            pred[i] = scores[i] >= 0.5 ? 1 : 0;
        }
        return (scores, pred, labels);
    }

    [Fact]
    public void Miscalibrated_scores_are_calibrated_and_the_estimate_follows_the_truth()
    {
        var (rs, rp, rl) = Synthetic(5000, power: 3, seed: 1);
        var (s, p, l) = Synthetic(5000, power: 3, seed: 2);
        var chunks = Chunker.BySize(s.Length, 1000);
        var auto = BinaryCbpe.Fit(rs, rp, rl);
        Assert.True(auto.Calibration.Calibrated);
        Assert.True(auto.Calibration.EceAfter < auto.Calibration.EceBefore);
        Assert.Contains("calibrated, because", auto.Calibration.Decision);
        var never = BinaryCbpe.Fit(rs, rp, rl, new CbpeOptions { Calibration = CalibrationMode.Never });
        var good = auto.Estimate(s, p, chunks, l);
        var bad = never.Estimate(s, p, chunks, l);
        // Raw p^3 understates P(positive), so uncalibrated CBPE is biased; calibrated CBPE is not.
        Assert.True(good.MeanAbsoluteError(PerformanceMetric.Accuracy) < 0.02);
        Assert.True(bad.MeanAbsoluteError(PerformanceMetric.Accuracy) > 2 * good.MeanAbsoluteError(PerformanceMetric.Accuracy));
        Assert.True(good.Coverage(PerformanceMetric.Accuracy) >= 0.8);
    }

    [Fact]
    public void Calibrated_scores_are_left_alone_when_calibration_does_not_help_or_band_holds()
    {
        var (rs, rp, rl) = Synthetic(4000, power: 1, seed: 3);
        var cbpe = BinaryCbpe.Fit(rs, rp, rl);
        var (s, p, l) = Synthetic(6000, power: 1, seed: 4);
        var e = cbpe.Estimate(s, p, Chunker.BySize(s.Length, 500), l);
        Assert.True(cbpe.Calibration.EceBefore < 0.03);
        Assert.True(e.Coverage(PerformanceMetric.Accuracy) >= 0.9);
        Assert.DoesNotContain(e.For(PerformanceMetric.Accuracy), r => r.Alert);   // no shift, so no accuracy alerts
    }

    [Fact]
    public void Json_and_html_carry_every_chunk_and_the_decision()
    {
        var (rs, rp, rl) = Synthetic(1000, power: 1, seed: 5);
        var cbpe = BinaryCbpe.Fit(rs, rp, rl);
        var e = cbpe.Estimate(rs, rp, Chunker.BySize(1000, 250));
        using var doc = JsonDocument.Parse(e.ToJson());
        var chunks = doc.RootElement.GetProperty("chunks");
        Assert.Equal(4, chunks.GetArrayLength());
        var acc = chunks[1].GetProperty("metrics").GetProperty("accuracy");
        Assert.Equal(e.For(PerformanceMetric.Accuracy)[1].Estimated!.Value, acc.GetProperty("estimated").GetDouble(), 1e-12);
        Assert.Equal(JsonValueKind.Null, acc.GetProperty("realized").ValueKind);
        Assert.Equal("[250:500)", chunks[1].GetProperty("key").GetString());
        Assert.Equal(cbpe.Calibration.Decision, doc.RootElement.GetProperty("calibration")[0].GetProperty("decision").GetString());

        var html = e.ToHtml();
        Assert.Contains("estimated accuracy", html);
        Assert.Contains("[750:1000)", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(cbpe.Calibration.Decision), html);
        Assert.Contains("estimated roc_auc", GenericChartHtml(PerformanceEstimateChart.Create(e, PerformanceMetric.RocAuc)));
        Assert.Throws<ArgumentException>(() => PerformanceEstimateChart.Create(e, PerformanceMetric.Mae));
    }

    private static string GenericChartHtml(Plotly.NET.GenericChart chart) => ChartHtml.ToHtml(chart);

    [Fact]
    public void Bad_input_names_the_row()
    {
        var e = Assert.Throws<ArgumentException>(() => BinaryCbpe.Fit([0.2, 1.3], [0, 1], [0, 1]));
        Assert.Contains("Row 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => BinaryCbpe.Fit(new double[20], new int[20], Enumerable.Repeat(2, 20).ToArray()));
        Assert.Contains("reference labels, row 0", e.Message);
        var (rs, rp, rl) = Synthetic(200, power: 1, seed: 6);
        var cbpe = BinaryCbpe.Fit(rs, rp, rl);
        e = Assert.Throws<ArgumentException>(() => cbpe.Estimate([0.5, double.NaN], [1, 0], Chunker.BySize(2, 1)));
        Assert.Contains("Row 1", e.Message);
        Assert.Throws<ArgumentException>(() => BinaryCbpe.Fit(rs, rp, rl, new CbpeOptions { Metrics = [PerformanceMetric.Mae] }));
    }
}

/// <summary>The delta-method standard errors against the empirical spread of each metric over many chunks.</summary>
public class SamplingErrorCalibrationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void Standard_errors_match_the_spread_of_realized_metrics_over_500_row_chunks()
    {
        var rng = new Random(9);
        int n = 200_000, size = 500;
        var s = new double[n]; var pred = new int[n]; var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            double p = rng.NextDouble();
            s[i] = p; pred[i] = p >= 0.6 ? 1 : 0; y[i] = rng.NextDouble() < p * 0.8 ? 1 : 0;
        }
        var model = SamplingErrorModel.ForBinary(y.AsSpan(0, 50_000), pred.AsSpan(0, 50_000), s.AsSpan(0, 50_000));
        var chunks = Chunker.BySize(n, size);
        foreach (var metric in PerformanceMetricNames.Classification)
        {
            var values = chunks.Select(c => RealizedMetrics.Binary(y.AsSpan(c.Start, c.Count), pred.AsSpan(c.Start, c.Count), s.AsSpan(c.Start, c.Count), [metric])[metric]!.Value).ToArray();
            double mean = values.Average(), sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
            double se = model.StandardError(metric, size);
            output.WriteLine($"{metric.Name()}: model SE {se:0.00000}, empirical sd {sd:0.00000}, ratio {se / sd:0.000}");
            // 400 chunks estimate an sd to about ±3.5% (1/√(2·399)); the delta method and Hanley-McNeil are approximations.
            Assert.True(Math.Abs(se / sd - 1) < 0.15, $"{metric.Name()}: model SE {se:0.00000}, empirical sd {sd:0.00000}");
        }
    }
}
