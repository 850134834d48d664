using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Compression;

/// <summary>How a multiclass ensemble turns its per-class outputs into class scores (ML.NET's one-versus-all formulas).</summary>
public enum ClassScoring
{
    /// <summary>Softmax of the raw outputs (LightGBM's multiclass objective).</summary>
    Softmax,
    /// <summary>Each class's Platt probability, clamped at zero and divided by their sum (one-versus-all with probabilities).</summary>
    NormalizedProbabilities,
    /// <summary>The raw outputs as they are.</summary>
    Raw,
}

/// <summary>How a <see cref="CompiledEnsemble"/> finds each tree's leaf. Every traversal adds the trees' leaves in tree
/// order, so all give the same scores; they differ only in speed.</summary>
public enum TreeTraversal
{
    /// <summary>QuickScorer when the trees allow it (numerical splits, at most 64 leaves), else interleaved, else plain.</summary>
    Fastest,
    /// <summary>Per-feature sorted thresholds and a field of leaf bits per tree, packed into 64-bit words (Lucchese et al., SIGIR 2015); no tree is walked.</summary>
    QuickScorer,
    /// <summary>Four trees walked at once with branch-free child selection (numerical splits only).</summary>
    Interleaved,
    /// <summary>One tree at a time over <see cref="TreeEnsembleArrays"/>, as ML.NET walks them.</summary>
    Plain,
}

/// <summary>Platt scaling of a binary score, as ML.NET's <c>PlattCalibrator</c>: p = 1 / (1 + exp(slope·score + offset)).</summary>
public sealed record PlattScaling(double Slope, double Offset)
{
    public float Probability(float score) => float.IsNaN(score) ? score : (float)(1 / (1 + Math.Exp(Slope * score + Offset)));
}

/// <summary>
/// A trained tree model compiled to flat arrays (<see cref="TreeEnsembleArrays"/>): one ensemble for regression and
/// binary models, one per class for multiclass, plus the binary Platt calibration and the multiclass formula. It
/// scores an already-prepared feature vector (what ML.NET's feature preparation gives: see
/// <see cref="PreparedFeatures"/>) without allocating, one row or a row-major batch, and gives ML.NET's scores to
/// float precision. Build it with <see cref="TreeModelReader.Compile"/>; <see cref="CompiledModel"/> adds the
/// model's own feature preparation.
/// </summary>
public sealed class CompiledEnsemble : IPreparedScorer
{
    /// <summary>The kind saved in a file.</summary>
    public const string KindName = "trees";

    public CompiledEnsemble(ModelTask task, int featureCount, IReadOnlyList<TreeEnsembleArrays> outputs, IReadOnlyList<PlattScaling?> calibration,
        ClassScoring classScoring = ClassScoring.Softmax, TreeTraversal traversal = TreeTraversal.Fastest)
    {
        if (outputs.Count == 0) throw new ArgumentException("A compiled ensemble needs at least one tree ensemble.", nameof(outputs));
        if (calibration.Count != outputs.Count) throw new ArgumentException($"{calibration.Count} calibrations for {outputs.Count} ensembles.", nameof(calibration));
        if (task != ModelTask.Multiclass && outputs.Count != 1) throw new ArgumentException($"A {task.Name()} model has one ensemble, not {outputs.Count}.", nameof(outputs));
        int needed = outputs.Max(o => o.MaxFeature) + 1;
        if (featureCount < needed) throw new ArgumentException($"The trees read feature {needed - 1}, beyond the {featureCount} features given.", nameof(featureCount));
        Task = task; FeatureCount = featureCount; Outputs = outputs; Calibration = calibration; ClassScoring = classScoring;
        // The interleaved forest also serves batches (a block of rows per tree), whichever traversal single rows use.
        if (traversal != TreeTraversal.Plain)
        {
            var flat = outputs.Select(FlatForest.From).ToArray();
            if (flat.All(f => f is not null)) _flat = flat!;
        }
        if (_flat is not null && traversal is TreeTraversal.Fastest or TreeTraversal.QuickScorer) _quick = QuickScorerForest.From(outputs);
        Traversal = _quick is not null ? TreeTraversal.QuickScorer : _flat is not null ? TreeTraversal.Interleaved : TreeTraversal.Plain;
    }

    private readonly QuickScorerForest? _quick;
    private readonly FlatForest[]? _flat;

    // Every ensemble's sum by the chosen traversal (QuickScorer does all outputs at once: they share each feature's thresholds).
    private void Output(ReadOnlySpan<float> features, Span<double> sums)
    {
        if (_quick is { } q) { q.Output(features, sums); return; }
        for (int k = 0; k < Outputs.Count; k++) sums[k] = _flat is { } f ? f[k].Output(features) : Outputs[k].Output(features);
    }

    /// <summary>The traversal in use: the one asked for, or the next one down (QuickScorer, interleaved, plain) that the trees allow.</summary>
    public TreeTraversal Traversal { get; }

    public string Kind => KindName;
    public float BinaryThreshold => ClassScores.BinaryThreshold(Task, Calibration);
    public ModelTask Task { get; }
    /// <summary>Length of the prepared feature vector.</summary>
    public int FeatureCount { get; }
    public IReadOnlyList<TreeEnsembleArrays> Outputs { get; }
    public IReadOnlyList<PlattScaling?> Calibration { get; }
    public ClassScoring ClassScoring { get; }
    /// <summary>Scores per row: 1 for regression (the value) and binary (P(positive), or the raw score without a calibrator), one per class for multiclass.</summary>
    public int ScoreCount => Task == ModelTask.Multiclass ? Outputs.Count : 1;
    public int TreeCount => Outputs.Sum(o => o.TreeCount);
    public long Bytes => Outputs.Sum(o => o.Bytes) + 16L * Calibration.Count;

    /// <summary>The raw (uncalibrated) score of ensemble <paramref name="output"/>, as ML.NET's Score column of a binary model.</summary>
    public float RawScore(ReadOnlySpan<float> features, int output = 0)
    {
        Span<double> sums = Outputs.Count <= 256 ? stackalloc double[Outputs.Count] : new double[Outputs.Count];
        Output(features, sums);
        return (float)sums[output];
    }

    /// <summary>Scores one prepared feature vector into <paramref name="scores"/> (<see cref="ScoreCount"/> values). Allocates nothing.</summary>
    public void Score(ReadOnlySpan<float> features, Span<float> scores)
    {
        if (features.Length < FeatureCount) throw new ArgumentException($"A feature vector of {features.Length} values; the model reads {FeatureCount}.", nameof(features));
        if (scores.Length < ScoreCount) throw new ArgumentException($"Room for {scores.Length} scores; the model gives {ScoreCount}.", nameof(scores));
        Span<double> sums = Outputs.Count <= 256 ? stackalloc double[Outputs.Count] : new double[Outputs.Count];
        Output(features, sums);
        for (int k = 0; k < Outputs.Count; k++) scores[k] = (float)sums[k];
        ClassScores.Finish(Task, Calibration, ClassScoring, scores);
    }

    /// <summary>The single score of a regression or binary model (see <see cref="Score(ReadOnlySpan{float}, Span{float})"/>).</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        if (Task == ModelTask.Multiclass) throw new InvalidOperationException("A multiclass model gives one score per class; pass a span for them.");
        Span<float> one = stackalloc float[1];
        Score(features, one);
        return one[0];
    }

    /// <summary>Scores <paramref name="rows"/> row-major feature vectors (<see cref="FeatureCount"/> values each) into
    /// <paramref name="scores"/> (<see cref="ScoreCount"/> per row), equal to <see cref="Score(ReadOnlySpan{float}, Span{float})"/>
    /// row by row. With numerical splits, blocks of <see cref="WalkBlockRows"/> rows walk one tree at a time (eight rows at
    /// once, the tree's nodes staying in L1), adding each row's trees in order; otherwise row by row.</summary>
    public void ScoreBatch(ReadOnlySpan<float> features, int rows, Span<float> scores)
    {
        if (features.Length < rows * FeatureCount) throw new ArgumentException($"{features.Length} feature values for {rows} rows of {FeatureCount}.", nameof(features));
        if (scores.Length < rows * ScoreCount) throw new ArgumentException($"Room for {scores.Length} scores; {rows} rows need {rows * ScoreCount}.", nameof(scores));
        int f = FeatureCount, k = ScoreCount;
        if (_flat is null || f == 0)
        {
            for (int r = 0; r < rows; r++) Score(features.Slice(r * f, f), scores.Slice(r * k, k));
            return;
        }
        Span<double> sums = stackalloc double[WalkBlockRows];
        for (int from = 0; from < rows; from += WalkBlockRows)
        {
            int count = Math.Min(WalkBlockRows, rows - from);
            var block = features.Slice(from * f, count * f);
            for (int o = 0; o < _flat.Length; o++)
            {
                var sum = sums[..count];
                sum.Clear();
                _flat[o].AddOutputs(block, f, sum);
                for (int r = 0; r < count; r++) scores[(from + r) * k + o] = (float)sum[r];
            }
            for (int r = 0; r < count; r++) ClassScores.Finish(Task, Calibration, ClassScoring, scores.Slice((from + r) * k, k));
        }
    }

    /// <summary>Rows that <see cref="ScoreBatch(ReadOnlySpan{float}, int, Span{float})"/> walks through one tree before the next.</summary>
    public const int WalkBlockRows = 128;

    /// <summary>As <see cref="ScoreBatch(ReadOnlySpan{float}, int, Span{float})"/>, on up to <paramref name="threads"/> threads,
    /// each taking the next block of <see cref="BatchBlockRows"/> rows (blocks, not halves: on a shared machine one thread
    /// may be slowed, and the other takes over its remaining blocks). The scores equal the single-thread ones exactly.</summary>
    public void ScoreBatch(ReadOnlyMemory<float> features, int rows, Memory<float> scores, int threads)
    {
        if (features.Length < rows * FeatureCount) throw new ArgumentException($"{features.Length} feature values for {rows} rows of {FeatureCount}.", nameof(features));
        if (scores.Length < rows * ScoreCount) throw new ArgumentException($"Room for {scores.Length} scores; {rows} rows need {rows * ScoreCount}.", nameof(scores));
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        int blocks = (rows + BatchBlockRows - 1) / BatchBlockRows, f = FeatureCount, k = ScoreCount;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, b =>
        {
            int from = b * BatchBlockRows, count = Math.Min(BatchBlockRows, rows - from);
            ScoreBatch(features.Span.Slice(from * f, count * f), count, scores.Span.Slice(from * k, count * k));
        });
    }

    /// <summary>Rows a thread of the parallel <see cref="ScoreBatch(ReadOnlyMemory{float}, int, Memory{float}, int)"/> scores at a time.</summary>
    public const int BatchBlockRows = 4096;

    /// <summary>A copy with other tree ensembles (pruned, re-fitted) and the same calibration and class formula.</summary>
    public CompiledEnsemble With(IReadOnlyList<TreeEnsembleArrays> outputs) => new(Task, FeatureCount, outputs, Calibration, ClassScoring, Traversal);

    /// <summary>The same ensemble walked by <paramref name="traversal"/> (to compare traversals; all give the same scores).</summary>
    public CompiledEnsemble With(TreeTraversal traversal) => new(Task, FeatureCount, Outputs, Calibration, ClassScoring, traversal);

    /// <summary>Writes the ensembles and their calibration (<see cref="Read"/> reads them back).</summary>
    public void Write(BinaryWriter writer)
    {
        ClassScores.WriteHeader(writer, Task, FeatureCount, ClassScoring, Calibration);
        foreach (var o in Outputs) o.Write(writer);
    }

    /// <summary>The ensemble <see cref="Write"/> wrote.</summary>
    public static CompiledEnsemble Read(BinaryReader reader)
    {
        var (task, features, scoring, calibration) = ClassScores.ReadHeader(reader);
        var outputs = calibration.Select(_ => TreeEnsembleArrays.Read(reader)).ToList();
        return new CompiledEnsemble(task, features, outputs, calibration, scoring);
    }
}
