using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// The part of a model after its feature preparation: it turns one prepared feature vector into the model's scores
/// (one for regression and binary, one per class for multiclass), without allocating. The compiled, pruned,
/// quantised and distilled tree ensembles and the compressed linear models and networks are scorers; <see cref="CompressedModel"/>
/// puts one behind a model's own feature preparation.
/// </summary>
public interface IPreparedScorer
{
    /// <summary>The scorer's kind as saved in a file (<see cref="PreparedScorers.Read"/> reads it back).</summary>
    string Kind { get; }
    ModelTask Task { get; }
    /// <summary>Length of the prepared feature vector.</summary>
    int FeatureCount { get; }
    /// <summary>Scores per row: 1 for regression and binary, one per class for multiclass.</summary>
    int ScoreCount { get; }
    /// <summary>Binary: the score above which the positive class is predicted (ML.NET's raw score 0 through the calibration).</summary>
    float BinaryThreshold { get; }
    /// <summary>Scores one prepared feature vector into <paramref name="scores"/> (<see cref="ScoreCount"/> values).</summary>
    void Score(ReadOnlySpan<float> features, Span<float> scores);
    /// <summary>Writes the scorer's parameters (not its kind).</summary>
    void Write(BinaryWriter writer);
}

/// <summary>Reads a saved <see cref="IPreparedScorer"/> by its kind.</summary>
public static class PreparedScorers
{
    /// <summary>Writes the kind, then the scorer.</summary>
    public static void Write(IPreparedScorer scorer, BinaryWriter writer)
    {
        writer.Write(scorer.Kind);
        scorer.Write(writer);
    }

    /// <summary>The scorer <see cref="Write"/> wrote; an unknown kind is an <see cref="InvalidDataException"/>.</summary>
    public static IPreparedScorer Read(BinaryReader reader, string source)
    {
        var kind = reader.ReadString();
        return kind switch
        {
            CompiledEnsemble.KindName => CompiledEnsemble.Read(reader),
            QuantizedEnsemble.KindName => QuantizedEnsemble.Read(reader),
            LinearScorer.KindName => LinearScorer.Read(reader),
            NetworkScorer.KindName => NetworkScorer.Read(reader),
            _ => throw new InvalidDataException($"'{source}' holds a scorer of kind '{kind}', which this version cannot read."),
        };
    }
}

/// <summary>Raw outputs to scores, shared by every scorer: binary Platt calibration, and the multiclass formula
/// with ML.NET's arithmetic (float softmax without max-shift, double normalisation).</summary>
internal static class ClassScores
{
    public static void Finish(ModelTask task, IReadOnlyList<PlattScaling?> calibration, ClassScoring scoring, Span<float> scores)
    {
        if (task == ModelTask.Binary) { if (calibration[0] is { } p) scores[0] = p.Probability(scores[0]); return; }
        if (task != ModelTask.Multiclass || scoring == ClassScoring.Raw) return;
        int n = calibration.Count;
        if (scoring == ClassScoring.Softmax)
        {
            float sum = 0;
            for (int i = 0; i < n; i++) { scores[i] = (float)Math.Exp(scores[i]); sum += scores[i]; }
            for (int i = 0; i < n; i++) scores[i] /= sum;
            return;
        }
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            if (calibration[i] is { } p) scores[i] = p.Probability(scores[i]);
            if (float.IsNaN(scores[i])) continue;
            if (scores[i] >= 0) total += scores[i]; else scores[i] = 0;
        }
        if (total > 0) for (int i = 0; i < n; i++) scores[i] = (float)(scores[i] / total);
    }

    public static float BinaryThreshold(ModelTask task, IReadOnlyList<PlattScaling?> calibration) =>
        task == ModelTask.Binary && calibration[0] is { } p ? p.Probability(0f) : 0f;

    public static void WriteHeader(BinaryWriter w, ModelTask task, int featureCount, ClassScoring scoring, IReadOnlyList<PlattScaling?> calibration)
    {
        w.Write((int)task); w.Write(featureCount); w.Write((int)scoring); w.Write(calibration.Count);
        foreach (var p in calibration)
        {
            w.Write(p is not null);
            if (p is not null) { w.Write(p.Slope); w.Write(p.Offset); }
        }
    }

    public static (ModelTask Task, int FeatureCount, ClassScoring Scoring, PlattScaling?[] Calibration) ReadHeader(BinaryReader r)
    {
        var task = (ModelTask)r.ReadInt32(); int features = r.ReadInt32(); var scoring = (ClassScoring)r.ReadInt32();
        var calibration = new PlattScaling?[r.ReadInt32()];
        for (int i = 0; i < calibration.Length; i++) calibration[i] = r.ReadBoolean() ? new PlattScaling(r.ReadDouble(), r.ReadDouble()) : null;
        return (task, features, scoring, calibration);
    }
}
