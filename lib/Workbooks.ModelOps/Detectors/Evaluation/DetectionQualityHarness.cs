namespace Workbooks.ModelOps.Detectors.Evaluation;

/// <summary>A detector to evaluate: a label for the table and a factory for a fresh instance per stream.</summary>
public sealed record DetectorSpec(string Label, Func<DriftDetector> Create)
{
    /// <summary>The seven detectors with River's defaults (KSWIN seeded with 42 so runs repeat).</summary>
    public static IReadOnlyList<DetectorSpec> RiverDefaults { get; } = DetectorCatalog.Names
        .Select(n => new DetectorSpec(n, () => n == "kswin"
            ? DetectorCatalog.Create(n, new Dictionary<string, string> { ["seed"] = "42" })
            : DetectorCatalog.Create(n)))
        .ToArray();
}

/// <summary>Where one detector fired on one stream.</summary>
public sealed record DetectionRun(string Detector, ChangeStream Stream, IReadOnlyList<int> Drifts, IReadOnlyList<int> Warnings);

/// <summary>
/// Runs detectors over streams with known change points and measures them: detections, true detections,
/// detection delay, missed changes, false alarms per 10,000 values and, on streams without change, the
/// average run length between false alarms. See <see cref="ChangeStream"/> for what counts as a true detection.
/// </summary>
/// <example>
/// <code>
/// var report = DetectionQualityHarness.Run([SyntheticStreams.Abrupt(seed: 1)], DetectorSpec.RiverDefaults.Take(1).ToArray());
/// var row = report.Rows[0];
/// Console.WriteLine($"{row.Detector} {row.Changes} changes, {row.TrueDetections} found");
/// // prints: adwin 3 changes, 3 found
/// </code>
/// </example>
public static class DetectionQualityHarness
{
    /// <summary>Runs every detector on every stream; rows group streams by scenario, in first-seen order.</summary>
    public static DetectionQualityReport Run(IReadOnlyList<ChangeStream> streams, IReadOnlyList<DetectorSpec> detectors)
    {
        var runs = new DetectionRun[streams.Count * detectors.Count];
        Parallel.For(0, runs.Length, i => runs[i] = RunOne(detectors[i % detectors.Count], streams[i / detectors.Count]));
        var rows = new List<DetectionQualityRow>();
        foreach (var scenario in streams.Select(s => s.Scenario).Distinct())
            foreach (var spec in detectors)
                rows.Add(Score(scenario, spec.Label, runs.Where(r => r.Detector == spec.Label && r.Stream.Scenario == scenario).ToArray()));
        return new DetectionQualityReport(rows, runs);
    }

    /// <summary>Every detector on one stream (for charts of a stream without known changes, such as Elec2).</summary>
    public static IReadOnlyList<DetectionRun> RunAll(ChangeStream stream, IReadOnlyList<DetectorSpec>? detectors = null)
    {
        var specs = detectors ?? DetectorSpec.RiverDefaults;
        var runs = new DetectionRun[specs.Count];
        Parallel.For(0, specs.Count, i => runs[i] = RunOne(specs[i], stream));
        return runs;
    }

    /// <summary>Feeds one stream to a fresh detector and records the indices of its drifts and warnings.</summary>
    public static DetectionRun RunOne(DetectorSpec spec, ChangeStream stream)
    {
        var detector = spec.Create();
        var drifts = new List<int>();
        var warnings = new List<int>();
        var values = stream.Values;
        for (int i = 0; i < values.Length; i++)
        {
            detector.Update(values[i]);
            if (detector.DriftDetected) drifts.Add(i);
            else if (detector.WarningDetected) warnings.Add(i);
        }
        return new DetectionRun(spec.Label, stream, drifts, warnings);
    }

    private static DetectionQualityRow Score(string scenario, string detector, IReadOnlyList<DetectionRun> runs)
    {
        long samples = 0;
        int changes = 0, detections = 0, trueDetections = 0;
        var delays = new List<double>();
        foreach (var run in runs)
        {
            var stream = run.Stream;
            samples += stream.Values.Length;
            changes += stream.ChangePoints.Count;
            detections += run.Drifts.Count;
            var found = new bool[stream.ChangePoints.Count];
            foreach (int t in run.Drifts)
            {
                int k = stream.ClassifyDetection(t);
                if (k < 0 || found[k]) continue;
                found[k] = true;
                trueDetections++;
                delays.Add(t - stream.ChangePoints[k]);
            }
        }
        int falseAlarms = detections - trueDetections;
        bool noChange = changes == 0;
        delays.Sort();
        return new DetectionQualityRow(
            scenario, detector, runs.Count, samples, changes, detections, trueDetections,
            delays.Count == 0 ? null : delays.Average(),
            delays.Count == 0 ? null : Median(delays),
            changes - trueDetections,
            falseAlarms * 10_000.0 / samples,
            noChange && falseAlarms > 0 ? samples / (double)falseAlarms : null);
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
