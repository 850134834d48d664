using MathNet.Numerics.LinearAlgebra;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Windows;

namespace Workbooks.ModelOps.Drift.Multivariate;

/// <summary>Settings of <see cref="PcaReconstructionDrift"/>; the defaults are NannyML's.</summary>
/// <example>
/// <code>
/// var o = new PcaReconstructionOptions();
/// Console.WriteLine($"{o.VarianceToKeep} {o.Sigmas} {o.DefaultChunkCount}");
/// // prints: 0.65 3 10
/// </code>
/// </example>
public sealed record PcaReconstructionOptions
{
    /// <summary>Keep the fewest principal components whose cumulative explained variance ratio exceeds
    /// this share (scikit-learn's <c>PCA(n_components=0.65)</c>). Default 0.65.</summary>
    public double VarianceToKeep { get; init; } = 0.65;
    /// <summary>Half-width of the alert band in standard deviations of the reference chunks' errors. Default 3.</summary>
    public double Sigmas { get; init; } = 3.0;
    /// <summary>Chunks per side when none are given (NannyML's default chunker makes 10).</summary>
    public int DefaultChunkCount { get; init; } = 10;
}

/// <summary>
/// Multivariate drift by PCA reconstruction error, NannyML's method: impute (mean / most frequent),
/// encode categoricals by their reference frequency, standardize, fit a PCA on the reference keeping
/// 65% of the variance, and measure each row's Euclidean distance to its reconstruction. A chunk's
/// score is the mean distance of its rows; the alert band is the mean of the reference chunks' scores
/// plus and minus 3 sample standard deviations (ddof = 1, as pandas' <c>Series.std</c> that NannyML uses),
/// with the lower bound floored at 0. A change in the correlations between features raises the error
/// even when every column on its own looks unchanged.
/// </summary>
/// <example>
/// <code>
/// var detector = PcaReconstructionDrift.Fit(reference, new[] { "temp", "hum", "season" });
/// var result = detector.Analyze(current);
/// Console.WriteLine($"{result.Components} components, drift: {result.DriftDetected}");
/// // prints e.g.: 2 components, drift: True
/// </code>
/// </example>
public sealed class PcaReconstructionDrift
{
    private readonly FeatureEncoder _encoder;
    private readonly double[] _pcaMean;
    private readonly Matrix<double> _components; // Width x k, orthonormal columns

    private PcaReconstructionDrift(FeatureEncoder encoder, double[] pcaMean, Matrix<double> components, double explained, PcaReconstructionOptions options)
    {
        _encoder = encoder; _pcaMean = pcaMean; _components = components;
        ExplainedVarianceRatio = explained; Options = options;
    }

    public PcaReconstructionOptions Options { get; }
    /// <summary>Principal components kept.</summary>
    public int Components => _components.ColumnCount;
    /// <summary>Share of the reference's (standardized) variance the kept components explain.</summary>
    public double ExplainedVarianceRatio { get; }
    public IReadOnlyList<string> Columns => _encoder.Columns;
    /// <summary>The reference chunks' scores, set by <see cref="Fit"/>.</summary>
    public IReadOnlyList<ChunkReconstructionError> ReferenceChunks { get; private set; } = [];
    public double ReferenceMean { get; private set; }
    public double UpperThreshold { get; private set; }
    public double LowerThreshold { get; private set; }

    /// <summary>Fits the encoder and PCA on <paramref name="reference"/> and computes the alert band from
    /// its chunks (<paramref name="referenceChunks"/>, or <see cref="PcaReconstructionOptions.DefaultChunkCount"/>
    /// equal chunks).</summary>
    public static PcaReconstructionDrift Fit(Table reference, IReadOnlyList<string> columns,
        IReadOnlyList<Chunk>? referenceChunks = null, PcaReconstructionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= new PcaReconstructionOptions();
        if (options.VarianceToKeep is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.VarianceToKeep, "VarianceToKeep must be in (0, 1].");
        var encoder = FeatureEncoder.Fit(reference, columns, new FeatureEncoderOptions { Categorical = CategoricalEncoding.Frequency, Standardize = true });
        var x = encoder.Transform(reference);
        var (mean, components, explained) = FitPca(x, encoder.Width, options.VarianceToKeep);
        var detector = new PcaReconstructionDrift(encoder, mean, components, explained, options);

        var chunks = referenceChunks ?? Chunker.ByCount(reference.RowCount, options.DefaultChunkCount);
        var errors = detector.RowErrors(reference);
        var scores = chunks.Select(c => ChunkMean(errors, c, reference.Source)).ToArray();
        if (scores.Length < 2) throw new ArgumentException($"{reference.Source}: the alert band needs at least 2 reference chunks; got {scores.Length}.");
        double m = scores.Average();
        double sd = Math.Sqrt(scores.Sum(s => (s - m) * (s - m)) / (scores.Length - 1));
        detector.ReferenceMean = m;
        detector.UpperThreshold = m + options.Sigmas * sd;
        detector.LowerThreshold = Math.Max(0, m - options.Sigmas * sd);
        detector.ReferenceChunks = chunks.Select((c, i) => new ChunkReconstructionError(c.Key, c.Start, c.End, scores[i], detector.IsAlert(scores[i]))).ToArray();
        return detector;
    }

    /// <summary>Scores <paramref name="current"/> chunk by chunk (<paramref name="chunks"/>, or equal chunks).</summary>
    public PcaReconstructionResult Analyze(Table current, IReadOnlyList<Chunk>? chunks = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.RowCount == 0) throw new ArgumentException($"{current.Source}: the current data has no rows.");
        chunks ??= Chunker.ByCount(current.RowCount, Options.DefaultChunkCount);
        var errors = RowErrors(current);
        var scored = chunks.Select(c =>
        {
            double s = ChunkMean(errors, c, current.Source);
            return new ChunkReconstructionError(c.Key, c.Start, c.End, s, IsAlert(s));
        }).ToArray();
        return new PcaReconstructionResult(Columns, Components, ExplainedVarianceRatio, ReferenceMean,
            LowerThreshold, UpperThreshold, ReferenceChunks, scored);
    }

    /// <summary>Each row's Euclidean distance between its standardized encoding and its PCA reconstruction.</summary>
    public double[] RowErrors(Table table)
    {
        var x = _encoder.Transform(table);
        int w = _encoder.Width, rows = x.Length / w, k = Components;
        var errors = new double[rows];
        var centered = new double[w];
        var z = new double[k];
        for (int r = 0; r < rows; r++)
        {
            for (int f = 0; f < w; f++) centered[f] = x[r * w + f] - _pcaMean[f];
            for (int j = 0; j < k; j++)
            {
                double s = 0; for (int f = 0; f < w; f++) s += centered[f] * _components[f, j];
                z[j] = s;
            }
            double sq = 0;
            for (int f = 0; f < w; f++)
            {
                double rec = 0; for (int j = 0; j < k; j++) rec += z[j] * _components[f, j];
                double d = centered[f] - rec; sq += d * d;
            }
            errors[r] = Math.Sqrt(sq);
        }
        return errors;
    }

    private bool IsAlert(double score) => score > UpperThreshold || score < LowerThreshold;

    private static double ChunkMean(double[] errors, Chunk c, string source)
    {
        if (c.Start < 0 || c.End > errors.Length || c.Count <= 0)
            throw new ArgumentException($"{source}: chunk {c.Key} is empty or outside the {errors.Length} rows.");
        double s = 0; for (int i = c.Start; i < c.End; i++) s += errors[i];
        return s / c.Count;
    }

    /// <summary>PCA by eigen-decomposition of the covariance matrix (features are few, rows many), with
    /// scikit-learn's rule for a fractional n_components: the smallest k whose cumulative explained
    /// variance ratio is strictly above the requested share.</summary>
    private static (double[] Mean, Matrix<double> Components, double Explained) FitPca(double[] x, int w, double keep)
    {
        int rows = x.Length / w;
        if (rows < 2) throw new ArgumentException("PCA needs at least 2 reference rows.");
        var mean = new double[w];
        for (int r = 0; r < rows; r++) for (int f = 0; f < w; f++) mean[f] += x[r * w + f];
        for (int f = 0; f < w; f++) mean[f] /= rows;
        var cov = Matrix<double>.Build.Dense(w, w);
        var d = new double[w];
        for (int r = 0; r < rows; r++)
        {
            for (int f = 0; f < w; f++) d[f] = x[r * w + f] - mean[f];
            for (int a = 0; a < w; a++)
            {
                if (d[a] == 0) continue;
                for (int b = a; b < w; b++) cov[a, b] += d[a] * d[b];
            }
        }
        for (int a = 0; a < w; a++) for (int b = a; b < w; b++) { cov[a, b] /= rows - 1; cov[b, a] = cov[a, b]; }

        var evd = cov.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, w).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var values = order.Select(i => Math.Max(0, evd.EigenValues[i].Real)).ToArray();
        double total = values.Sum();
        if (total <= 0) throw new ArgumentException("Every selected column is constant in the reference; PCA reconstruction has nothing to learn.");
        int k = 0; double cumulative = 0;
        while (k < w && cumulative <= keep) { cumulative += values[k] / total; k++; }
        if (keep >= 1) k = w;
        var components = Matrix<double>.Build.Dense(w, k, (f, j) => evd.EigenVectors[f, order[j]]);
        return (mean, components, values.Take(k).Sum() / total);
    }
}

/// <summary>One chunk's mean reconstruction error, with its row range and whether it left the band.</summary>
/// <example>
/// <code>
/// var c = new ChunkReconstructionError("2012-03", 0, 743, 1.67, false);
/// Console.WriteLine($"{c.Key} {c.Error}");
/// // prints: 2012-03 1.67
/// </code>
/// </example>
public sealed record ChunkReconstructionError(string Key, int Start, int End, double Error, bool Alert);

/// <summary>Result of <see cref="PcaReconstructionDrift.Analyze"/>: the reference and current chunks'
/// scores and the band they are judged against.</summary>
/// <example>
/// <code>
/// var r = new PcaReconstructionResult(["x"], 1, 0.7, 1.0, 0.8, 1.2, [], [new ChunkReconstructionError("[0:10)", 0, 10, 1.5, true)]);
/// Console.WriteLine(r.DriftDetected);
/// // prints: True
/// </code>
/// </example>
public sealed record PcaReconstructionResult(
    IReadOnlyList<string> Columns, int Components, double ExplainedVarianceRatio, double ReferenceMean,
    double LowerThreshold, double UpperThreshold,
    IReadOnlyList<ChunkReconstructionError> ReferenceChunks, IReadOnlyList<ChunkReconstructionError> CurrentChunks)
    : Reporting.IHtmlRenderable
{
    /// <summary>True when any current chunk is outside the band.</summary>
    public bool DriftDetected => CurrentChunks.Any(c => c.Alert);

    public string ToHtml() => Reporting.MultivariateHtml.Render(this);

    /// <summary>Writes a standalone HTML page of this result (plotly.min.js beside it, so it opens offline).</summary>
    public void SaveHtml(string path, string title = "PCA reconstruction drift") => Reporting.MultivariateHtml.Save(path, title, ToHtml());
}
