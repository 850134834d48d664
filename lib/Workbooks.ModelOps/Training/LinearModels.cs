using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Training;

/// <summary>
/// Turns a trained linear network into ML.NET's own linear model and prediction transformer (what L-BFGS and SDCA
/// give), so a saved model is a plain ML.NET zip that any ML.NET program loads. ML.NET builds these only inside its
/// trainers (the prediction transformers' constructors are internal), so they are made here by reflection; a
/// future ML.NET that changes them fails loudly here, never scores differently.
/// </summary>
internal static class LinearModels
{
    public static ITransformer Transformer(MLContext ml, ModelTask task, NetworkFit fit, DataViewSchema input, string label, string features)
    {
        IHostEnvironment env = ml;
        var shape = fit.Shape;
        int d = shape.Inputs;
        var p = fit.Parameters;
        switch (task)
        {
            case ModelTask.Regression:
            {
                var model = Construct(typeof(LinearRegressionModelParameters), env, new VBuffer<float>(d, p[..d]), p[d]);
                return (ITransformer)Construct(typeof(RegressionPredictionTransformer<>).MakeGenericType(model.GetType()), env, model, input, features);
            }
            case ModelTask.Binary:
            {
                var model = Construct(typeof(LinearBinaryModelParameters), env, new VBuffer<float>(d, p[..d]), p[d], null);
                var scorer = (ITransformer)Construct(typeof(BinaryPredictionTransformer<>).MakeGenericType(model.GetType()), env, model, input, features);
                // P(positive) = σ(score): ML.NET's Platt calibrator computes 1 / (1 + exp(slope·score + offset)).
                var calibrator = ml.BinaryClassification.Calibrators.Platt(slope: -1, offset: 0).Fit(scorer.Transform(new EmptyDataView(input)));
                return new TransformerChain<ITransformer>(scorer, calibrator);
            }
            default:
            {
                int k = shape.Outputs;
                var weights = new VBuffer<float>[k]; var bias = new float[k];
                for (int c = 0; c < k; c++) { weights[c] = new VBuffer<float>(d, p[(c * d)..((c + 1) * d)]); bias[c] = p[k * d + c]; }
                var model = (MaximumEntropyModelParameters)Construct(typeof(MaximumEntropyModelParameters), env, weights, bias, k, d, null);
                return (ITransformer)Construct(typeof(MulticlassPredictionTransformer<>).MakeGenericType(model.GetType()), env, model, input, features, label);
            }
        }
    }

    // The first constructor whose leading parameters take these arguments; the rest get their declared defaults.
    private static object Construct(Type type, params object?[] leading)
    {
        foreach (var ctor in type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            var ps = ctor.GetParameters();
            if (ps.Length < leading.Length || !ps.Skip(leading.Length).All(x => x.HasDefaultValue)) continue;
            bool fits = true;
            for (int i = 0; i < leading.Length && fits; i++)
            {
                var t = ps[i].ParameterType.IsByRef ? ps[i].ParameterType.GetElementType()! : ps[i].ParameterType;
                fits = leading[i] is null ? !t.IsValueType : t.IsInstanceOfType(leading[i]);
            }
            if (!fits) continue;
            var args = leading.Concat(ps.Skip(leading.Length).Select(x => x.DefaultValue)).ToArray();
            return ctor.Invoke(args);
        }
        throw new NotSupportedException($"This ML.NET version has no constructor {type.Name}({string.Join(", ", leading.Select(a => a?.GetType().Name ?? "null"))}); cannot build the model.");
    }
}
