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
        ClassScoring classScoring = ClassScoring.Softmax)
    {
        if (outputs.Count == 0) throw new ArgumentException("A compiled ensemble needs at least one tree ensemble.", nameof(outputs));
        if (calibration.Count != outputs.Count) throw new ArgumentException($"{calibration.Count} calibrations for {outputs.Count} ensembles.", nameof(calibration));
        if (task != ModelTask.Multiclass && outputs.Count != 1) throw new ArgumentException($"A {task.Name()} model has one ensemble, not {outputs.Count}.", nameof(outputs));
        int needed = outputs.Max(o => o.MaxFeature) + 1;
        if (featureCount < needed) throw new ArgumentException($"The trees read feature {needed - 1}, beyond the {featureCount} features given.", nameof(featureCount));
        Task = task; FeatureCount = featureCount; Outputs = outputs; Calibration = calibration; ClassScoring = classScoring;
        _forests = outputs.Select(FlatForest.From).ToArray();
    }

    private readonly FlatForest?[] _forests;

    // The fast forest when there is one (numerical splits), else the plain walk; both give the same sum.
    private double Output(int k, ReadOnlySpan<float> features) => _forests[k] is { } f ? f.Output(features) : Outputs[k].Output(features);

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
    public float RawScore(ReadOnlySpan<float> features, int output = 0) => (float)Output(output, features);

    /// <summary>Scores one prepared feature vector into <paramref name="scores"/> (<see cref="ScoreCount"/> values). Allocates nothing.</summary>
    public void Score(ReadOnlySpan<float> features, Span<float> scores)
    {
        if (features.Length < FeatureCount) throw new ArgumentException($"A feature vector of {features.Length} values; the model reads {FeatureCount}.", nameof(features));
        if (scores.Length < ScoreCount) throw new ArgumentException($"Room for {scores.Length} scores; the model gives {ScoreCount}.", nameof(scores));
        for (int k = 0; k < Outputs.Count; k++) scores[k] = (float)Output(k, features);
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
    /// <paramref name="scores"/> (<see cref="ScoreCount"/> per row), each row as <see cref="Score(ReadOnlySpan{float}, Span{float})"/>
    /// scores it (a row already walks four trees at once; the trees of these models fit in the L2 cache).</summary>
    public void ScoreBatch(ReadOnlySpan<float> features, int rows, Span<float> scores)
    {
        if (features.Length < rows * FeatureCount) throw new ArgumentException($"{features.Length} feature values for {rows} rows of {FeatureCount}.", nameof(features));
        if (scores.Length < rows * ScoreCount) throw new ArgumentException($"Room for {scores.Length} scores; {rows} rows need {rows * ScoreCount}.", nameof(scores));
        for (int r = 0; r < rows; r++) Score(features.Slice(r * FeatureCount, FeatureCount), scores.Slice(r * ScoreCount, ScoreCount));
    }

    /// <summary>A copy with other tree ensembles (pruned, re-fitted) and the same calibration and class formula.</summary>
    public CompiledEnsemble With(IReadOnlyList<TreeEnsembleArrays> outputs) => new(Task, FeatureCount, outputs, Calibration, ClassScoring);

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
