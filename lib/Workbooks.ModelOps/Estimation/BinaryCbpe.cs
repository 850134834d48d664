using Workbooks.ModelOps.Windows;

namespace Workbooks.ModelOps.Estimation;

/// <summary>
/// Confidence-based performance estimation (CBPE) for a binary classifier. On the labelled reference set it
/// checks the scores' calibration (calibrating them with isotonic regression when that helps on held-out
/// rows) and learns each metric's sampling error. On unlabelled data it treats each calibrated probability p
/// as the chance the row is positive, so a positive prediction is a true positive with probability p and a
/// false positive with probability 1 − p; summing gives the expected confusion matrix of each chunk, and
/// from it accuracy, precision, recall, F1 and specificity; ROC AUC uses the same expected counts along
/// the score ranking. Valid under covariate shift (inputs change, P(y | x) does not); it cannot see concept shift.
/// </summary>
/// <example>
/// <code>
/// double[] refScores = [0.1, 0.2, 0.3, 0.4, 0.45, 0.55, 0.6, 0.7, 0.8, 0.9];
/// var cbpe = BinaryCbpe.Fit(refScores, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], [0, 0, 1, 0, 0, 1, 0, 1, 1, 1],
///                           new CbpeOptions { Calibration = CalibrationMode.Never, CalibrationFolds = 2 });
/// var estimate = cbpe.Estimate([0.9, 0.2, 0.6, 0.3], [1, 0, 1, 0], Chunker.BySize(4, 4));
/// Console.WriteLine(estimate.For(PerformanceMetric.Accuracy)[0].Estimated);
/// // prints: 0.75
/// </code>
/// </example>
public sealed class BinaryCbpe
{
    private readonly ProbabilityCalibrator _calibrator;
    private readonly CbpeOptions _options;

    private BinaryCbpe(ProbabilityCalibrator calibrator, SamplingErrorModel samplingError, IReadOnlyDictionary<PerformanceMetric, double> referenceValues, CbpeOptions options)
    {
        _calibrator = calibrator; SamplingError = samplingError; ReferenceValues = referenceValues; _options = options;
    }

    /// <summary>The calibration check and decision.</summary>
    public CalibrationReport Calibration => _calibrator.Report;
    /// <summary>Standard errors per metric and chunk size, learned from the reference set.</summary>
    public SamplingErrorModel SamplingError { get; }
    /// <summary>Each metric realized on the whole reference set: the centre of the alert bands.</summary>
    public IReadOnlyDictionary<PerformanceMetric, double> ReferenceValues { get; }

    /// <summary>Learns from the reference set: scores in [0, 1] (probability of the positive class), predictions and labels as 0/1.</summary>
    public static BinaryCbpe Fit(ReadOnlySpan<double> scores, ReadOnlySpan<int> predictions, ReadOnlySpan<int> labels, CbpeOptions? options = null)
    {
        options ??= new CbpeOptions();
        options.Validate();
        CbpeInputs.Check(scores.Length, predictions, "reference predictions", 2);
        CbpeInputs.Check(scores.Length, labels, "reference labels", 2);
        var calibrator = ProbabilityCalibrator.Fit(scores, labels, options.Calibration, options.CalibrationBins, options.CalibrationFolds, options.Seed);
        var reference = RealizedMetrics.Binary(labels, predictions, scores, options.Metrics);
        var values = new Dictionary<PerformanceMetric, double>();
        foreach (var (m, v) in reference)
            values[m] = v ?? throw new ArgumentException("The reference labels hold only one class; CBPE needs both classes in the reference set.");
        return new BinaryCbpe(calibrator, SamplingErrorModel.ForBinary(labels, predictions, scores), values, options);
    }

    /// <summary>Estimates every metric per chunk; with <paramref name="labels"/> (0/1) the realized values are filled in too.</summary>
    public PerformanceEstimate Estimate(ReadOnlySpan<double> scores, ReadOnlySpan<int> predictions, IReadOnlyList<Chunk> chunks, ReadOnlySpan<int> labels = default)
    {
        ProbabilityChecks.RequireProbabilities(scores, "score");
        CbpeInputs.Check(scores.Length, predictions, "predictions", 2);
        bool hasLabels = !labels.IsEmpty;
        if (hasLabels) CbpeInputs.Check(scores.Length, labels, "labels", 2);
        CbpeInputs.CheckChunks(chunks, scores.Length);
        var calibrated = _calibrator.Calibrate(scores);

        var rows = new List<ChunkEstimate>();
        foreach (var chunk in chunks)
        {
            var s = scores.Slice(chunk.Start, chunk.Count);
            var pred = predictions.Slice(chunk.Start, chunk.Count);
            var estimated = Metrics(s, calibrated.AsSpan(chunk.Start, chunk.Count), pred, _options.Metrics);
            var realized = hasLabels ? RealizedMetrics.Binary(labels.Slice(chunk.Start, chunk.Count), pred, s, _options.Metrics) : null;
            foreach (var m in _options.Metrics)
                rows.Add(ChunkEstimate.Create(chunk, m, estimated[m], SamplingError.StandardError(m, chunk.Count),
                    realized?[m], ReferenceValues[m], _options.BandStandardErrors));
        }
        return new PerformanceEstimate("CBPE", "binary", _options.Metrics, rows, [Calibration], _options.BandStandardErrors);
    }

    /// <summary>The metrics with each row positive with probability q (calibrated probability, or the 0/1 label).</summary>
    internal static Dictionary<PerformanceMetric, double?> Metrics(ReadOnlySpan<double> scores, ReadOnlySpan<double> q, ReadOnlySpan<int> predictions, IReadOnlyList<PerformanceMetric> metrics)
    {
        var confusion = ExpectedConfusion.From(q, predictions);
        var result = new Dictionary<PerformanceMetric, double?>();
        foreach (var m in metrics)
            result[m] = m == PerformanceMetric.RocAuc ? ExpectedRocAuc.Compute(scores, q) : confusion.Metric(m);
        return result;
    }
}

/// <summary>Input checks shared by the CBPE estimators; errors name the row and value.</summary>
internal static class CbpeInputs
{
    public static void Check(int rows, ReadOnlySpan<int> classes, string what, int classCount)
    {
        if (classes.Length != rows) throw new ArgumentException($"{what}: {classes.Length} values, but there are {rows} scores.");
        for (int i = 0; i < classes.Length; i++)
            if (classes[i] < 0 || classes[i] >= classCount)
                throw new ArgumentException(classCount == 2
                    ? $"{what}, row {i}: {classes[i]} is not 0 or 1."
                    : $"{what}, row {i}: class index {classes[i]} is outside 0..{classCount - 1}.");
    }

    public static void CheckChunks(IReadOnlyList<Chunk> chunks, int rows)
    {
        if (chunks.Count == 0) throw new ArgumentException("No chunks to estimate: the data is empty.");
        foreach (var c in chunks)
            if (c.Start < 0 || c.End > rows || c.Count <= 0)
                throw new ArgumentException($"Chunk {c.Key} covers rows [{c.Start}, {c.End}) but the data has {rows} rows.");
    }
}
