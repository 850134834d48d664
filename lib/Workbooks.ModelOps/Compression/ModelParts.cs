using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// A trained model taken apart where its trainer begins: the feature preparation (every ML.NET transform before
/// the predictor), the prepared feature column and its length, and the predictor's model parameters (a
/// <see cref="Training.TrainedNetwork"/> for a network with hidden layers). Compressed
/// variants keep the preparation and replace what comes after it.
/// </summary>
public sealed record ModelParts(ITransformer Preparation, string FeatureColumn, int FeatureCount, object Parameters)
{
    /// <summary>The parts of <paramref name="model"/>; a model without a predictor on a fixed-size float vector is a <see cref="NotSupportedException"/>.</summary>
    public static ModelParts Of(TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.SplitNetwork() is (var before, { } network))
            return new ModelParts(before, network.FeatureColumn, network.Network.Shape.Inputs, network.Network);
        var steps = Flatten(model.Transformer).ToList();
        int at = steps.FindLastIndex(t => t is ISingleFeaturePredictionTransformer<object>);
        if (at < 0) throw new NotSupportedException($"The model '{model.Source}' has no trained predictor to compress.");
        var predictor = (ISingleFeaturePredictionTransformer<object>)steps[at];
        if (predictor.FeatureColumnName is null)
            throw new NotSupportedException($"The model '{model.Source}' is a {predictor.Model.GetType().Name}, which reads no features; only tree ensembles and linear models compress.");
        var featureType = model.Transformer.GetOutputSchema(model.InputSchema).GetColumnOrNull(predictor.FeatureColumnName)?.Type as VectorDataViewType;
        if (featureType is not { ItemType: NumberDataViewType n, IsKnownSize: true } || n != NumberDataViewType.Single)
            throw new NotSupportedException($"The model '{model.Source}' reads features '{predictor.FeatureColumnName}' of type {featureType?.ToString() ?? "unknown"}; a fixed-size float vector is needed.");
        var preparation = new TransformerChain<ITransformer>([.. steps.Take(at)]);
        return new ModelParts(preparation, predictor.FeatureColumnName, featureType.Size, predictor.Model);
    }

    /// <summary>A binary predictor's scorer and its Platt calibration (null when it has none); another calibrator is a
    /// <see cref="NotSupportedException"/> naming the model.</summary>
    internal static (object Scorer, PlattScaling? Platt) Uncalibrated(object parameters, TrainedModel model)
    {
        for (var type = parameters.GetType(); type is not null; type = type.BaseType)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(CalibratedModelParametersBase<,>)) continue;
            var sub = type.GetProperty("SubModel", BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)!.GetValue(parameters)!;
            var calibrator = type.GetProperty("Calibrator", BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)!.GetValue(parameters);
            return calibrator is PlattCalibrator p
                ? (sub, new PlattScaling(p.Slope, p.Offset))
                : throw new NotSupportedException($"The model '{model.Source}' is calibrated with {calibrator?.GetType().Name}; only Platt calibration compresses.");
        }
        return (parameters, null);
    }

    /// <summary>The transformers of a chain (nested chains opened), in order.</summary>
    internal static IEnumerable<ITransformer> Flatten(ITransformer transformer) => transformer is IEnumerable<ITransformer> chain
        ? chain.SelectMany(Flatten) : [transformer];
}
