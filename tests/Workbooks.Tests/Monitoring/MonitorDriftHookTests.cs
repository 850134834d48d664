using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Alerts;
using Workbooks.ModelOps.Monitoring.Drift;
using Xunit;

namespace Workbooks.Tests.Monitoring;

/// <summary>The drift checks and detectors plugged into a real <see cref="ModelMonitor{TIn, TOut}"/>.</summary>
public class MonitorDriftHookTests
{
    public sealed class Scored { public bool PredictedLabel { get; set; } public float Probability { get; set; } }

    private sealed class Samples : IMetricObserver
    {
        private readonly List<MetricSample> _all = new();
        public void OnMetric(MetricSample sample) { lock (_all) _all.Add(sample); }
        public List<MetricSample> Named(string name) { lock (_all) return _all.Where(s => s.Name == name).ToList(); }
    }

    /// <summary>Reads the check's report right after each window: observers run after the drift checks.</summary>
    private sealed class Verdicts(WindowDataDriftCheck<int, Scored> check) : IWindowObserver<int, Scored>
    {
        public List<(int Window, bool Dataset, string Drifted)> All { get; } = new();
        public void OnWindow(MonitorWindow<int, Scored> window) =>
            All.Add((window.Index, check.LastReport!.DatasetDrift, string.Join(",", check.LastReport.Columns.Where(c => c.DriftDetected).Select(c => c.Name))));
    }

    [Fact]
    public void Doc_examples_print_what_they_say()
    {
        var reference = new Table([TableColumn.Numerical("x", Enumerable.Range(0, 100).Select(i => i % 10.0).ToArray())]);
        var dataCheck = new WindowDataDriftCheck<double, double>(reference, xs => new Table([TableColumn.Numerical("x", xs.ToArray())]));
        var shifted = Enumerable.Range(0, 50).Select(i => new MonitoredCall<double, double>(i, 0, 0, 5.0 + i % 10, 0, null)).ToArray();
        var window = new MonitorWindow<double, double>(0, "[0:50)", default, default, true, new CallCounts(50, 0, 0, 0, 0, TimeSpan.Zero), LatencySnapshot.Empty, shifted);
        Assert.Equal("drift.x True, drift.share True", string.Join(", ", dataCheck.Check(window).Select(s => $"{s.Name} {s.Drifted}")));

        var predictions = TableColumn.Numerical("prediction", Enumerable.Range(0, 100).Select(i => i / 100.0).ToArray());
        var predictionCheck = new WindowPredictionDriftCheck<int, double>(predictions);
        var calls = Enumerable.Range(0, 50).Select(i => new MonitoredCall<int, double>(i, 0, 0, i, 0.5 + i / 100.0, null)).ToArray();
        var score = predictionCheck.Check(new MonitorWindow<int, double>(0, "[0:50)", default, default, true, new CallCounts(50, 0, 0, 0, 0, TimeSpan.Zero), LatencySnapshot.Empty, calls))[0];
        Assert.Equal("drift.prediction ks True", $"{score.Name} {predictionCheck.LastResult!.Column.Test} {score.Drifted}");

        var hook = DetectorHook.Create("page_hinkley");
        for (int i = 0; i < 200; i++) hook.Update(i < 100 ? 0.0 : 10.0);
        Assert.Equal("page_hinkley: 200 values, drift at 105", $"{hook.Name}: {hook.Updates} values, drift at {string.Join(", ", hook.Detections)}");
    }

    [Fact]
    public void Data_and_prediction_drift_flag_the_windows_after_a_covariate_shift_and_alert()
    {
        // Covariate shift at row 5,000: x1's mean 0 -> 1 and the channel mix change; x3 never changes.
        var data = new CovariateShiftGenerator().Generate();
        var x1 = data["x1"].RequireNumbers();
        var channel = data["channel"].Labels!;
        Scored Model(int row)
        {
            double p = 1 / (1 + Math.Exp(-4 * (x1[row] + (channel[row] == "app" ? 0.5 : 0) - 0.5)));
            return new Scored { PredictedLabel = p > 0.5, Probability = (float)p };
        }
        var features = new[] { "x1", "channel", "x3" };
        var reference = data.Slice(0, 1000).Select(features);   // 1,000 rows: KS for numbers, chi-square for classes
        var dataCheck = new WindowDataDriftCheck<int, Scored>(reference, rows => data.Rows(rows).Select(features));
        var referenceScores = TableColumn.Numerical("prediction", Enumerable.Range(0, 1000).Select(r => (double)Model(r).Probability).ToArray());
        var predictionCheck = new WindowPredictionDriftCheck<int, Scored>(referenceScores);

        var samples = new Samples();
        var verdicts = new Verdicts(dataCheck);
        using var alerts = new AlertEngine([AlertRule.Below("x1 drifted", "drift.x1", warning: 0.05)]);
        using (var monitor = new ModelMonitor<int, Scored>(Model, new MonitorOptions { Window = WindowSpec.ByCount(1000) }))
        {
            monitor.Pipeline.AddDriftCheck(dataCheck);
            monitor.Pipeline.AddDriftCheck(predictionCheck);
            monitor.Pipeline.AddMetricObserver(samples);
            monitor.Pipeline.AddWindowObserver(verdicts);
            alerts.Watch(monitor);
            for (int row = 1000; row < 10_000; row++) monitor.Predict(row);   // windows 0-3 before the shift, 4-8 after
            monitor.Flush();
            Assert.Equal(0, monitor.Pipeline.HookErrors);
        }

        Assert.Equal(Enumerable.Range(0, 9), verdicts.All.Select(v => v.Window));
        Assert.Equal(Enumerable.Range(0, 9).Select(w => w >= 4), verdicts.All.Select(v => v.Dataset));
        foreach (var v in verdicts.All.Where(v => v.Window < 4)) Assert.Equal("", v.Drifted);
        foreach (var v in verdicts.All.Where(v => v.Window >= 4)) Assert.Equal("x1,channel", v.Drifted);
        Assert.Equal("ks chisquare ks", string.Join(" ", dataCheck.LastReport!.Columns.Select(c => c.Test)));

        // The scores reached the metric observers, one per window and column, and drove the alert.
        var x1Scores = samples.Named("drift.x1");
        Assert.Equal(9, x1Scores.Count);
        Assert.All(x1Scores.Take(4), s => Assert.True(s.Value >= 0.05, $"{s.WindowKey}: p = {s.Value}"));
        Assert.All(x1Scores.Skip(4), s => Assert.True(s.Value < 1e-6, $"{s.WindowKey}: p = {s.Value}"));
        Assert.Equal(new[] { 0, 0, 0, 0, 2, 2, 2, 2, 2 }, samples.Named("drift.share").Select(s => (int)Math.Round(s.Value * 3)));   // 2 of 3 columns after the shift
        var prediction = samples.Named("drift.prediction");
        Assert.Equal(9, prediction.Count);
        Assert.All(prediction.Take(4), s => Assert.True(s.Value >= 0.05, $"{s.WindowKey}: p = {s.Value}"));
        Assert.All(prediction.Skip(4), s => Assert.True(s.Value < 0.05, $"{s.WindowKey}: p = {s.Value}"));
        var fired = Assert.Single(alerts.History);
        Assert.Equal(AlertEventKind.Firing, fired.Kind);
        Assert.Equal("[4000:5000)", fired.WindowKey);
        Assert.Equal("[4000:5000)", x1Scores[4].WindowKey);
    }

    [Theory]
    [InlineData("adwin")]
    [InlineData("ddm")]
    public void A_detector_fed_by_the_error_stream_signals_after_the_concept_change_only(string detector)
    {
        // SEA, abrupt: theta 8 -> 9 at row 2,500 (10% label noise). The model keeps the first concept, so its
        // error rate rises from about 10% to about 17% there; the inputs' distribution never changes.
        var sea = new SeaGenerator(gradual: false);
        var data = sea.Generate();
        double[] x1 = data["x1"].RequireNumbers(), x2 = data["x2"].RequireNumbers(), y = data["class"].RequireNumbers();
        int change = sea.ChangePoints[0].Row, next = sea.ChangePoints[1].Row;
        var hook = DetectorHook.Create(detector);
        var samples = new Samples();
        using var alerts = new AlertEngine([AlertRule.Above("concept drift", $"detector.{detector}", warning: 0.5)]);
        using (var monitor = new ModelMonitor<int, string>(row => SeaGenerator.Label(x1[row], x2[row], concept: 0).ToString(),
                   new MonitorOptions { Window = WindowSpec.ByCount(500) }))
        {
            monitor.Pipeline.AddDetector(hook);
            monitor.Pipeline.AddMetricObserver(samples);
            alerts.Watch(monitor);
            for (int row = 0; row < next; row++)
            {
                monitor.Predict(row, out long id);
                monitor.Label(id, GroundTruth.OfClass(((int)y[row]).ToString()));
            }
            monitor.Flush();
            Assert.Equal(0, monitor.Pipeline.HookErrors);
        }

        Assert.Equal(next, hook.Updates);   // one error value per labeled prediction, in row order
        Assert.NotEmpty(hook.Detections);
        Assert.All(hook.Detections, d => Assert.InRange(d, change, next - 1));
        var signals = samples.Named($"detector.{detector}");
        Assert.Equal(next, signals.Count);
        Assert.Equal(hook.Detections.Count, signals.Count(s => s.Value == 1));
        Assert.Contains(alerts.History, e => e.Kind == AlertEventKind.Firing);
    }

    [Fact]
    public void Predicted_classes_drift_and_bad_setups_fail_clearly()
    {
        // A categorical reference compares predicted classes: 50/50 in the reference, 90/10 in the stream.
        var classes = TableColumn.Categorical("predicted_class", Enumerable.Range(0, 400).Select(i => (string?)(i % 2 == 0 ? "True" : "False")).ToArray());
        var check = new WindowPredictionDriftCheck<int, bool>(classes);
        var samples = new Samples();
        using (var monitor = new ModelMonitor<int, bool>(i => i % 10 != 0, new MonitorOptions { Window = WindowSpec.ByCount(200) }))
        {
            monitor.Pipeline.AddDriftCheck(check);
            monitor.Pipeline.AddMetricObserver(samples);
            for (int i = 0; i < 210; i++) monitor.Predict(i);
            monitor.Flush();
        }
        Assert.True(check.LastResult!.DriftDetected);
        Assert.Equal("z", check.LastResult.Column.Test);   // two classes: the automatic choice is the proportion Z test
        Assert.Single(samples.Named("drift.predicted_class"));   // the 10-call remainder flushed at shutdown is too small to test

        // The monitor keeps no calls: the check's error says which option to set, and the monitor carries on.
        using (var monitor = new ModelMonitor<int, bool>(i => true, new MonitorOptions { Window = WindowSpec.ByCount(50), KeepWindowCalls = false }))
        {
            monitor.Pipeline.AddDriftCheck(check);
            for (int i = 0; i < 50; i++) monitor.Predict(i);
            monitor.Flush();
            Assert.Equal(1, monitor.Pipeline.HookErrors);
            Assert.Contains("KeepWindowCalls", monitor.Pipeline.LastHookError!.Message);
        }

        // A projection that misses a reference column: the error names it.
        var reference = new Table([TableColumn.Numerical("age", [30, 40, 50])]);
        var dataCheck = new WindowDataDriftCheck<int, bool>(reference, rows => new Table([TableColumn.Numerical("income", rows.Select(r => (double)r).ToArray())]), minimumRows: 1);
        var calls = new[] { new MonitoredCall<int, bool>(1, 0, 0, 7, true, null) };
        var window = new MonitorWindow<int, bool>(0, "[0:1)", default, default, true, new CallCounts(1, 0, 0, 0, 0, TimeSpan.Zero), LatencySnapshot.Empty, calls);
        Assert.Contains("'age'", Assert.Throws<KeyNotFoundException>(() => dataCheck.Check(window)).Message);
        Assert.Throws<ArgumentException>(() => new WindowDataDriftCheck<int, bool>(new Table([TableColumn.Numerical("age", [])]), _ => reference));
    }
}
