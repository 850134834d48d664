using Plotly.NET;
using Workbooks.ModelOps.Detectors.Evaluation;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// Plotly charts of streaming detectors: every detector's drifts (and warnings) on one time axis, one row
/// per detector, with the stream's true change points as dashed lines and its rolling mean behind them.
/// </summary>
/// <example>
/// <code>
/// var report = DetectionQualityHarness.Run([SyntheticStreams.Abrupt(seed: 1)], DetectorSpec.RiverDefaults);
/// var chart = DetectorCharts.DetectionsOverTime(report, "bernoulli_abrupt");
/// Console.WriteLine(GenericChart.toFigureJson(chart).Contains("true change"));
/// // prints: True
/// </code>
/// </example>
public static class DetectorCharts
{
    /// <summary>Detections of every detector on the first stream of <paramref name="scenario"/>.</summary>
    /// <param name="report">A harness report holding runs of that scenario.</param>
    /// <param name="scenario">The scenario to draw.</param>
    /// <param name="rollingWindow">Values averaged for the background rolling mean (the error rate, for 0/1 streams).</param>
    public static GenericChart DetectionsOverTime(DetectionQualityReport report, string scenario, int rollingWindow = 500)
    {
        ArgumentNullException.ThrowIfNull(report);
        var runs = report.Runs.Where(r => r.Stream.Scenario == scenario).ToList();
        if (runs.Count == 0)
            throw new ArgumentException($"The report has no runs of scenario '{scenario}'. Scenarios: " +
                string.Join(", ", report.Runs.Select(r => r.Stream.Scenario).Distinct()) + ".", nameof(scenario));
        var stream = runs[0].Stream;
        runs = runs.Where(r => ReferenceEquals(r.Stream, stream)).ToList();
        return DetectionsOverTime(stream, runs, rollingWindow);
    }

    /// <summary>Detections of the given runs (all on <paramref name="stream"/>).</summary>
    public static GenericChart DetectionsOverTime(ChangeStream stream, IReadOnlyList<DetectionRun> runs, int rollingWindow = 500)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (rollingWindow < 1) throw new ArgumentOutOfRangeException(nameof(rollingWindow), "rollingWindow must be >= 1.");
        var traces = new List<Trace> { RollingMean(stream.Values, rollingWindow) };
        for (int d = 0; d < runs.Count; d++)
        {
            string color = PlotlyFigure.Palette[d % PlotlyFigure.Palette.Length];
            traces.Add(Markers(runs[d].Drifts, runs[d].Detector, $"{runs[d].Detector}: drift", color, "x", 10, showLegend: true));
            if (runs[d].Warnings.Count > 0)
                traces.Add(Markers(runs[d].Warnings, runs[d].Detector, $"{runs[d].Detector}: warning", color, "circle-open", 4, showLegend: false));
        }
        // A legend entry for the dashed change lines (shapes have none).
        var legendOnly = PlotlyFigure.Scatter("true change", new object?[] { null }, new object?[] { null }, "black", mode: "lines", dash: "dash");
        traces.Add(legendOnly);

        var shapes = stream.ChangePoints.Select(c => new Dictionary<string, object>
        {
            ["type"] = "line", ["x0"] = c, ["x1"] = c, ["yref"] = "paper", ["y0"] = 0, ["y1"] = 1,
            ["line"] = new Dictionary<string, object> { ["color"] = "black", ["dash"] = "dash", ["width"] = 1 },
        }).ToArray();
        return PlotlyFigure.Chart(traces, $"Detections on {stream.Scenario}", "index in stream", "detector", height: null, plotlyNetDefaults: true,
            subtitle: stream.Description, more: layout =>
        {
            layout.SetProperty("yaxis", new Dictionary<string, object>
            {
                ["title"] = new Dictionary<string, object> { ["text"] = "detector" },
                ["type"] = "category",
                ["categoryorder"] = "array",
                ["categoryarray"] = runs.Select(r => r.Detector).Reverse().ToArray(),
                ["automargin"] = true,
            });
            layout.SetProperty("yaxis2", new Dictionary<string, object>
            {
                ["title"] = new Dictionary<string, object> { ["text"] = $"rolling mean ({rollingWindow} values)" },
                ["overlaying"] = "y", ["side"] = "right", ["rangemode"] = "tozero", ["showgrid"] = false, ["automargin"] = true,
            });
            layout.SetProperty("shapes", shapes);
            // Rows of 45 px, plus room for the title, the x axis and the legend under it.
            layout.SetProperty("height", 220 + 45 * Math.Max(runs.Count, 3));
        });
    }

    private static Trace Markers(IReadOnlyList<int> indices, string row, string name, string color, string symbol, int size, bool showLegend)
    {
        var trace = PlotlyFigure.Scatter(name, indices.Select(i => (object?)i), indices.Select(_ => (object?)row), color, mode: "markers", showLegend: showLegend);
        trace.SetProperty("marker", PlotlyFigure.Obj(("color", color), ("symbol", symbol), ("size", size)));
        return trace;
    }

    // Mean of the trailing window, sampled every window/5 values to keep the figure small.
    private static Trace RollingMean(double[] values, int window)
    {
        int step = Math.Max(1, window / 5);
        var x = new List<int>();
        var y = new List<double>();
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            if (i >= window - 1 && (i - window + 1) % step == 0)
            {
                x.Add(i);
                y.Add(sum / window);
            }
        }
        return PlotlyFigure.Scatter("rolling mean of the stream", x.Select(i => (object?)i), y.Select(v => (object?)v), "rgba(120,120,120,0.5)",
            mode: "lines", width: 1, yAxis: "y2");
    }
}
