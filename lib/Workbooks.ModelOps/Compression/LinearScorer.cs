using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// A linear model's scoring after its feature preparation: one <see cref="LayerWeights"/> (outputs × features) plus
/// a bias per output, then the binary Platt calibration or the multiclass softmax. Read from ML.NET's SDCA
/// regression, logistic regression and maximum-entropy parameters (<see cref="FromModel"/>); its weights can be
/// swapped for quantised, pruned or low-rank ones (<see cref="With"/>).
/// </summary>
public sealed class LinearScorer : IPreparedScorer
{
    /// <summary>The kind saved in a file.</summary>
    public const string KindName = "linear";

    public LinearScorer(ModelTask task, LayerWeights weights, float[] bias, IReadOnlyList<PlattScaling?> calibration, ClassScoring scoring)
    {
        if (bias.Length != weights.Outputs) throw new ArgumentException($"{bias.Length} biases for {weights.Outputs} outputs.", nameof(bias));
        if (calibration.Count != weights.Outputs) throw new ArgumentException($"{calibration.Count} calibrations for {weights.Outputs} outputs.", nameof(calibration));
        Task = task; Weights = weights; Bias = bias; Calibration = calibration; ClassScoring = scoring;
    }

    public string Kind => KindName;
    public ModelTask Task { get; }
    public LayerWeights Weights { get; }
    public float[] Bias { get; }
    public IReadOnlyList<PlattScaling?> Calibration { get; }
    public ClassScoring ClassScoring { get; }
    public int FeatureCount => Weights.Inputs;
    public int ScoreCount => Weights.Outputs;
    public float BinaryThreshold => ClassScores.BinaryThreshold(Task, Calibration);

    /// <summary>The same model with other weights (same shape).</summary>
    public LinearScorer With(LayerWeights weights) => weights.Outputs == Weights.Outputs && weights.Inputs == Weights.Inputs
        ? new LinearScorer(Task, weights, Bias, Calibration, ClassScoring)
        : throw new ArgumentException($"Weights of {weights.Outputs}×{weights.Inputs}; the model has {Weights.Outputs}×{Weights.Inputs}.");

    public void Score(ReadOnlySpan<float> features, Span<float> scores)
    {
        if (features.Length < FeatureCount) throw new ArgumentException($"A feature vector of {features.Length} values; the model reads {FeatureCount}.", nameof(features));
        Weights.Multiply(features, scores);
        for (int o = 0; o < Bias.Length; o++) scores[o] += Bias[o];
        ClassScores.Finish(Task, Calibration, ClassScoring, scores);
    }

    public void Write(BinaryWriter w)
    {
        ClassScores.WriteHeader(w, Task, FeatureCount, ClassScoring, Calibration);
        LayerWeights.Floats(w, Bias);
        Weights.Write(w);
    }

    public static LinearScorer Read(BinaryReader r)
    {
        var (task, _, scoring, calibration) = ClassScores.ReadHeader(r);
        var bias = LayerWeights.Floats(r);
        return new LinearScorer(task, LayerWeights.Read(r), bias, calibration, scoring);
    }

    /// <summary>The linear scorer of <paramref name="model"/>; a model that is not linear is a <see cref="NotSupportedException"/>.</summary>
    public static LinearScorer FromModel(TrainedModel model)
    {
        var parts = ModelParts.Of(model);
        int f = parts.FeatureCount;
        if (model.Task == ModelTask.Multiclass)
        {
            if (parts.Parameters is not MaximumEntropyModelParameters me)
                throw new NotSupportedException($"The model '{model.Source}' is a {parts.Parameters.GetType().Name}; only maximum-entropy multiclass linear models compress as linear.");
            VBuffer<float>[] rows = [];
            me.GetWeights(ref rows, out int classes);
            var w = new float[classes * f];
            for (int c = 0; c < classes; c++) rows[c].CopyTo(w.AsSpan(c * f, f));
            return new LinearScorer(model.Task, new DenseWeights(classes, f, w), [.. me.GetBiases()], new PlattScaling?[classes], ClassScoring.Softmax);
        }
        var (sub, platt) = ModelParts.Uncalibrated(parts.Parameters, model);
        if (sub is not LinearModelParameters linear)
            throw new NotSupportedException($"The model '{model.Source}' is a {sub.GetType().Name}; not a linear model.");
        return new LinearScorer(model.Task, new DenseWeights(1, f, [.. linear.Weights]), [linear.Bias], [platt], ClassScoring.Raw);
    }
}
