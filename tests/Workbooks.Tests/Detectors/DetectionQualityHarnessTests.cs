using Plotly.NET;
using Workbooks.ModelOps.Detectors;
using Workbooks.ModelOps.Detectors.Evaluation;
using Workbooks.ModelOps.Reporting;
using Xunit;
using Workbooks.Walkthroughs;

namespace Workbooks.Tests.Detectors;

public class DetectionQualityHarnessTests
{
    /// <summary>Flags a drift exactly at the scripted indices (counting updates since creation).</summary>
    private sealed class ScriptedDetector(int[] at) : DriftDetector<ScriptedDetector.State>
    {
        public override string Name => "scripted";
        public override IReadOnlyList<DetectorParameter> Parameters => [];
        private protected override void ResetState() { }
        private protected override void Step(double x)
        {
            DriftDetected = Array.IndexOf(at, S.Seen) >= 0;
            S.Seen++;
        }
        public struct State { public int Seen; }
    }

    private static DetectorSpec Scripted(params int[] at) => new("scripted", () => new ScriptedDetector(at));

    [Fact]
    public void Scores_by_the_window_rule_counted_by_hand()
    {
        var stream = new ChangeStream("s", new double[1000], [200, 600], 100, "hand-made");
        var row = DetectionQualityHarness.Run([stream], [Scripted(150, 250, 260, 650, 900)]).Rows.Single();
        // 250 and 650 detect the changes (delay 50 each); 150 precedes any change, 260 repeats, 900 is outside the window.
        Assert.Equal((5, 2, 0), (row.Detections, row.TrueDetections, row.MissedChanges));
        Assert.Equal(50.0, row.MeanDelay);
        Assert.Equal(50.0, row.MedianDelay);
        Assert.Equal(30.0, row.FalseAlarmsPer10k, 12);
        Assert.Null(row.AverageRunLength); // only defined without changes
    }

    [Fact]
    public void Window_ends_at_the_next_change_and_misses_are_counted()
    {
        var stream = new ChangeStream("s", new double[1000], [200, 250], 100, "close changes");
        var row = DetectionQualityHarness.Run([stream], [Scripted(260, 270)]).Rows.Single();
        // 260 belongs to the second change (the first window ends at 250); 270 repeats it; the first change is missed.
        Assert.Equal((2, 1, 1), (row.Detections, row.TrueDetections, row.MissedChanges));
        Assert.Equal(10.0, row.MeanDelay);
    }

    [Fact]
    public void Average_run_length_pools_repetitions_without_change()
    {
        var streams = new[] { new ChangeStream("none", new double[1000], [], 0, "a"), new ChangeStream("none", new double[1000], [], 0, "b") };
        var row = DetectionQualityHarness.Run(streams, [Scripted(100, 500)]).Rows.Single();
        Assert.Equal((2, 2000L, 4), (row.Streams, row.Samples, row.Detections));
        Assert.Equal(500.0, row.AverageRunLength);
        Assert.Equal(20.0, row.FalseAlarmsPer10k, 12);
        var quiet = DetectionQualityHarness.Run(streams, [Scripted()]).Rows.Single();
        Assert.Null(quiet.AverageRunLength);
        Assert.Contains("&gt; 2,000", new DetectionQualityReport([quiet], []).ToHtml());
    }

    [Fact]
    public void Synthetic_streams_have_the_stated_rates()
    {
        var stream = SyntheticStreams.Abrupt(seed: 3);
        // Each stretch is 10,000 Bernoulli draws: its rate is within 4 binomial standard errors of the stated one
        // (a band a correct generator leaves once in about 16,000 stretches).
        void Rate(int from, int to, double p) =>
            Assert.InRange(stream.Values[from..to].Average(), p - 4 * Math.Sqrt(p * (1 - p) / (to - from)), p + 4 * Math.Sqrt(p * (1 - p) / (to - from)));
        Rate(0, 10_000, 0.10);
        Rate(10_000, 20_000, 0.25);
        Rate(30_000, 40_000, 0.30);
        Assert.Equal(0.175, SyntheticStreams.RateAt(10_999, SyntheticStreams.RampWidth), 12); // halfway up the ramp
    }

    [Fact]
    public void Standard_run_covers_every_detector_and_scenario_and_exports()
    {
        var report = DetectionQualityHarness.RunStandard(repetitions: 1);
        string[] scenarios = ["bernoulli_abrupt", "bernoulli_gradual", "bernoulli_no_change", "sea_abrupt", "sea_gradual", "stagger_abrupt"];
        Assert.Equal(scenarios.Length * DetectorCatalog.Names.Count, report.Rows.Count);
        Assert.Equal(scenarios, report.Rows.Select(r => r.Scenario).Distinct());
        foreach (var row in report.Rows.Where(r => r.Scenario == "stagger_abrupt"))
            Assert.True(row.TrueDetections >= 2, $"{row.Detector} found {row.TrueDetections} of STAGGER's 3 changes");
        // ADWIN is two-sided: it finds all three synthetic abrupt changes, including the drop back to 0.1.
        Assert.Equal(3, report.Rows.Single(r => r.Scenario == "bernoulli_abrupt" && r.Detector == "adwin").TrueDetections);

        var csv = report.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + report.Rows.Count, csv.Length);
        Assert.All(csv, line => Assert.Equal(12, line.Split(',').Length));
        Assert.Contains("true detection", report.ToHtml());

        var figure = GenericChart.toFigureJson(DetectorCharts.DetectionsOverTime(report, "sea_abrupt"));
        Assert.Contains("true change", figure);
        Assert.All(DetectorCatalog.Names, n => Assert.Contains($"{n}: drift", figure));
        Assert.Throws<ArgumentException>(() => DetectorCharts.DetectionsOverTime(report, "nope"));
    }
}
