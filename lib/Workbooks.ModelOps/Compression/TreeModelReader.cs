using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// Reads a trained model's tree ensembles from ML.NET's own model parameters: FastTree and LightGBM regression
/// (<see cref="TreeEnsembleModelParametersBasedOnRegressionTree"/>), binary (the same, wrapped with a Platt
/// calibrator) and multiclass (one-versus-all over either). Anything else (a linear model, a calibrator other than
/// Platt) is a <see cref="NotSupportedException"/> naming the model and what it holds.
/// </summary>
public static class TreeModelReader
{
    /// <summary>The model's trees compiled to flat arrays, and the name of the prepared feature column they read.</summary>
    public static (CompiledEnsemble Ensemble, string FeatureColumn) Compile(TrainedModel model)
    {
        var parts = ModelParts.Of(model);
        int features = parts.FeatureCount;
        var parameters = parts.Parameters;
        switch (model.Task)
        {
            case ModelTask.Regression:
                return (new CompiledEnsemble(model.Task, features, [Trees(parameters, model)], [null]), parts.FeatureColumn);
            case ModelTask.Binary:
                var (trees, platt) = Scalar(parameters, model);
                return (new CompiledEnsemble(model.Task, features, [trees], [platt]), parts.FeatureColumn);
            default:
                if (parameters is not OneVersusAllModelParameters ova)
                    throw Unsupported(model, parameters);
                var (formula, perClass) = OneVersusAll(ova, model);
                var classes = perClass.Select(p => Scalar(p, model)).ToList();
                return (new CompiledEnsemble(model.Task, features, classes.Select(c => c.Trees).ToList(), classes.Select(c => c.Platt).ToList(),
                    formula), parts.FeatureColumn);
        }
    }

    private static TreeEnsembleArrays Trees(object parameters, TrainedModel model) => parameters is TreeEnsembleModelParametersBasedOnRegressionTree t
        ? TreeEnsembleArrays.From(t.TrainedTreeEnsemble.Trees)
        : throw Unsupported(model, parameters);

    // A binary scorer: trees alone, or trees inside CalibratedModelParametersBase<trees, PlattCalibrator>.
    private static (TreeEnsembleArrays Trees, PlattScaling? Platt) Scalar(object parameters, TrainedModel model)
    {
        var (sub, platt) = ModelParts.Uncalibrated(parameters, model);
        return (Trees(sub, model), platt);
    }

    // ML.NET keeps a one-versus-all model's per-class models and formula private (in its implementation object): read
    // them by reflection, so that a model whose formula we cannot tell fails loudly instead of scoring differently.
    private static (ClassScoring Formula, object[] PerClass) OneVersusAll(OneVersusAllModelParameters ova, TrainedModel model)
    {
        var impl = typeof(OneVersusAllModelParameters).GetField("_impl", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(ova);
        var perClass = impl?.GetType().GetProperty("Predictors", BindingFlags.Public | BindingFlags.Instance)?.GetValue(impl) as Array;
        if (perClass is null || perClass.Length == 0)
            throw new NotSupportedException($"The model '{model.Source}' is a one-versus-all model whose per-class models this ML.NET version hides; cannot compile it.");
        return (impl!.GetType().Name switch
        {
            "ImplSoftmax" => ClassScoring.Softmax,
            "ImplDist" => ClassScoring.NormalizedProbabilities,
            "ImplRaw" => ClassScoring.Raw,
            var name => throw new NotSupportedException($"The model '{model.Source}' combines its classes with {name}; cannot compile it."),
        }, perClass.Cast<object>().ToArray());
    }

    private static NotSupportedException Unsupported(TrainedModel model, object parameters) =>
        new($"The model '{model.Source}' is a {parameters.GetType().Name}; only FastTree and LightGBM tree ensembles compile.");
}
