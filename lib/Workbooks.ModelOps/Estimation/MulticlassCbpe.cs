using Workbooks.ModelOps.Windows;

namespace Workbooks.ModelOps.Estimation;

/// <summary>
/// CBPE for a multiclass classifier: each class's score is checked and calibrated one-vs-rest (isotonic,
/// decided per class on held-out reference rows), calibrated rows are renormalised to sum to 1, and each
/// metric is the macro average over classes of its one-vs-rest expectation; accuracy is the mean calibrated
/// probability of the predicted class.
/// </summary>
/// <example>
/// <code>
/// var cbpe = MulticlassCbpe.Fit(["a", "b", "c"], refScores, refPredicted, refLabels);   // scores: one array per class
/// var estimate = cbpe.Estimate(scores, predicted, Chunker.ByCount(predicted.Length, 10));
/// Console.WriteLine(estimate.Problem);
/// // prints: multiclass
/// </code>
/// </example>
public sealed class MulticlassCbpe
{
    private readonly ProbabilityCalibrator[] _calibrators;
    private readonly CbpeOptions _options;

    private MulticlassCbpe(IReadOnlyList<string> classes, ProbabilityCalibrator[] calibrators, SamplingErrorModel samplingError,
        IReadOnlyDictionary<PerformanceMetric, double> referenceValues, CbpeOptions options)
    {
        Classes = classes; _calibrators = calibrators; SamplingError = samplingError; ReferenceValues = referenceValues; _options = options;
    }

    public IReadOnlyList<string> Classes { get; }
    public IReadOnlyList<CalibrationReport> Calibration => _calibrators.Select(c => c.Report).ToList();
    public SamplingErrorModel SamplingError { get; }
    public IReadOnlyDictionary<PerformanceMetric, double> ReferenceValues { get; }

    /// <summary>Learns from the reference set. <paramref name="classScores"/>[k][i] is the score of class k for row i;
    /// predictions and labels are class indices into <paramref name="classes"/>.</summary>
    public static MulticlassCbpe Fit(IReadOnlyList<string> classes, IReadOnlyList<double[]> classScores, ReadOnlySpan<int> predictions, ReadOnlySpan<int> labels, CbpeOptions? options = null)
    {
        options ??= new CbpeOptions();
        options.Validate();
        int rows = CheckScores(classes, classScores, "reference");
        CbpeInputs.Check(rows, predictions, "reference predictions", classes.Count);
        CbpeInputs.Check(rows, labels, "reference labels", classes.Count);
        var calibrators = new ProbabilityCalibrator[classes.Count];
        for (int k = 0; k < classes.Count; k++)
        {
            var isClass = new int[rows];
            for (int i = 0; i < rows; i++) isClass[i] = labels[i] == k ? 1 : 0;
            calibrators[k] = ProbabilityCalibrator.Fit(classScores[k], isClass, options.Calibration, options.CalibrationBins, options.CalibrationFolds, options.Seed, classes[k]);
        }
        var reference = RealizedMetrics.Multiclass(labels, predictions, classScores, 0, options.Metrics);
        var values = new Dictionary<PerformanceMetric, double>();
        foreach (var (m, v) in reference)
            values[m] = v ?? throw new ArgumentException($"{m.Name()} is undefined on the reference set: every class needs reference rows.");
        return new MulticlassCbpe(classes, calibrators, SamplingErrorModel.ForMulticlass(labels, predictions, classScores), values, options);
    }

    /// <summary>Estimates every metric per chunk; with <paramref name="labels"/> (class indices) the realized values too.</summary>
    public PerformanceEstimate Estimate(IReadOnlyList<double[]> classScores, ReadOnlySpan<int> predictions, IReadOnlyList<Chunk> chunks, ReadOnlySpan<int> labels = default)
    {
        int rows = CheckScores(Classes, classScores, "analysis");
        CbpeInputs.Check(rows, predictions, "predictions", Classes.Count);
        if (!labels.IsEmpty) CbpeInputs.Check(rows, labels, "labels", Classes.Count);
        CbpeInputs.CheckChunks(chunks, rows);
        var calibrated = CalibrateRows(classScores, rows);

        var result = new List<ChunkEstimate>();
        foreach (var chunk in chunks)
        {
            var estimated = Metrics(classScores, calibrated, predictions, chunk.Start, chunk.Count, _options.Metrics);
            var realized = labels.IsEmpty ? null : RealizedMetrics.Multiclass(labels.Slice(chunk.Start, chunk.Count), predictions.Slice(chunk.Start, chunk.Count), classScores, chunk.Start, _options.Metrics);
            foreach (var m in _options.Metrics)
                result.Add(ChunkEstimate.Create(chunk, m, estimated[m], SamplingError.StandardError(m, chunk.Count), realized?[m], ReferenceValues[m], _options.BandStandardErrors));
        }
        return new PerformanceEstimate("CBPE", "multiclass", _options.Metrics, result, Calibration, _options.BandStandardErrors);
    }

    /// <summary>One-vs-rest calibration, then each row rescaled to sum to 1 (a row whose calibrated values are all 0 keeps its raw scores, rescaled).</summary>
    private double[][] CalibrateRows(IReadOnlyList<double[]> classScores, int rows)
    {
        int k = Classes.Count;
        var q = new double[k][];
        for (int c = 0; c < k; c++) q[c] = _calibrators[c].Calibrate(classScores[c]);
        for (int i = 0; i < rows; i++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++) sum += q[c][i];
            bool fallback = sum <= 0;
            if (fallback) { sum = 0; for (int c = 0; c < k; c++) { q[c][i] = classScores[c][i]; sum += q[c][i]; } }
            if (sum <= 0) { for (int c = 0; c < k; c++) q[c][i] = 1.0 / k; continue; }
            for (int c = 0; c < k; c++) q[c][i] /= sum;
        }
        return q;
    }

    /// <summary>Macro-averaged metrics on rows [start, start+count) with class probabilities q (calibrated, or one-hot labels).</summary>
    internal static Dictionary<PerformanceMetric, double?> Metrics(IReadOnlyList<double[]> scores, double[][] q, ReadOnlySpan<int> predictions, int start, int count, IReadOnlyList<PerformanceMetric> metrics)
    {
        int k = q.Length;
        var pred = predictions.Slice(start, count);
        var confusions = new ExpectedConfusion[k];
        var isPredicted = new int[count];
        for (int c = 0; c < k; c++)
        {
            for (int i = 0; i < count; i++) isPredicted[i] = pred[i] == c ? 1 : 0;
            confusions[c] = ExpectedConfusion.From(q[c].AsSpan(start, count), isPredicted);
        }
        var result = new Dictionary<PerformanceMetric, double?>();
        foreach (var m in metrics)
        {
            if (m == PerformanceMetric.Accuracy)
            {
                double right = 0;
                for (int i = 0; i < count; i++) right += q[pred[i]][start + i];
                result[m] = right / count;
            }
            else if (m == PerformanceMetric.RocAuc)
            {
                var aucs = Enumerable.Range(0, k).Select(c => ExpectedRocAuc.Compute(scores[c].AsSpan(start, count), q[c].AsSpan(start, count))).ToList();
                result[m] = aucs.All(a => a.HasValue) ? aucs.Average(a => a!.Value) : null;   // as scikit-learn: undefined when a class is absent
            }
            else result[m] = confusions.Average(cm => cm.Metric(m));
        }
        return result;
    }

    private static int CheckScores(IReadOnlyList<string> classes, IReadOnlyList<double[]> classScores, string what)
    {
        if (classes.Count < 2) throw new ArgumentException("A classifier needs at least two classes.");
        if (classScores.Count != classes.Count)
            throw new ArgumentException($"{what}: {classScores.Count} score columns for {classes.Count} classes ({string.Join(", ", classes)}).");
        int rows = classScores[0].Length;
        for (int k = 0; k < classes.Count; k++)
        {
            if (classScores[k].Length != rows) throw new ArgumentException($"{what}: the score column of class '{classes[k]}' has {classScores[k].Length} rows, the first has {rows}.");
            ProbabilityChecks.RequireProbabilities(classScores[k], $"{what} score of class '{classes[k]}'");
        }
        return rows;
    }
}
