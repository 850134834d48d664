using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Training;

/// <summary>
/// <see cref="NetworkOptions"/> as an ML.NET estimator, so that <see cref="TrainedModel.Train(Data.Table, string, IReadOnlyList{string}, TrainerOptions?, ModelTask?, string?)"/>
/// prepares the features as for every other model and the result is a model like any other (predict, save, load,
/// register, monitor). The prepared feature column is packed once into a dense float matrix, trained by
/// <see cref="NetworkTrainer"/>; a linear network's weights become ML.NET's own linear model (<see cref="LinearModels"/>),
/// a network with hidden layers a <see cref="NetworkTransformer"/> (saved beside ML.NET's zip by <see cref="TrainedModel.Save"/>).
/// </summary>
internal sealed class NetworkEstimator(MLContext ml, NetworkOptions options, ModelTask task, string label, string features) : IEstimator<ITransformer>
{
    public ITransformer Fit(IDataView input)
    {
        var (data, classes) = Pack(input, task, label, features);
        var shape = NetworkShape.For(task, data.Columns, options.Hidden, classes, options.Activation);
        var fit = NetworkTrainer.Fit(data, shape, options);   // reports to options.Fitted
        if (options.Hidden.Length == 0) return LinearModels.Transformer(ml, task, fit, input.Schema, label, features);
        var network = new TrainedNetwork(fit.Shape, fit.Parameters, task == ModelTask.Multiclass ? ClassNames(input.Schema[label]) : []);
        return new NetworkTransformer(ml, network, features, input.Schema);
    }

    // A multiclass label is a key whose values are the class names, in the order of the network's outputs.
    private static string[] ClassNames(DataViewSchema.Column label)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        label.GetKeyValues(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    /// <summary>The feature column as a dense row-major matrix and the label as targets (binary 0/1, a class index
    /// from the key, or the value), with the number of classes (key count for multiclass, else 2 or 1).</summary>
    internal static (TrainingData Data, int Classes) Pack(IDataView input, ModelTask task, string label, string features)
    {
        var featureColumn = input.Schema[features];
        if (featureColumn.Type is not VectorDataViewType { IsKnownSize: true, ItemType: NumberDataViewType n } vector || n != NumberDataViewType.Single)
            throw new ArgumentException($"The features column '{features}' is {featureColumn.Type}; a fixed-size float vector is needed.");
        int columns = vector.Size;
        var labelColumn = input.Schema[label];
        int classes = task switch
        {
            ModelTask.Multiclass => labelColumn.Type is KeyDataViewType key ? (int)key.Count : throw new ArgumentException($"The label '{label}' of a multiclass model must be a key."),
            ModelTask.Binary => 2,
            _ => 1,
        };
        var x = new List<float>(); var y = new List<float>();
        using var cursor = input.GetRowCursor([featureColumn, labelColumn]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(featureColumn);
        Func<float> getLabel = task switch
        {
            ModelTask.Binary => Read<bool>(cursor, labelColumn, b => b ? 1f : 0f),
            ModelTask.Multiclass => Read<uint>(cursor, labelColumn, k => k == 0 ? float.NaN : k - 1f),
            _ => Read<float>(cursor, labelColumn, v => v),
        };
        VBuffer<float> buffer = default;
        var dense = new float[columns];
        long row = 0;
        while (cursor.MoveNext())
        {
            row++;
            getFeatures(ref buffer);
            buffer.CopyTo(dense);
            float target = getLabel();
            if (!float.IsFinite(target)) throw new ArgumentException($"The label '{label}' is missing or not finite at row {row}.");
            foreach (var v in dense)
                if (!float.IsFinite(v)) throw new ArgumentException($"The prepared features hold {v} at row {row}; fill missing values first.");
            x.AddRange(dense); y.Add(target);
        }
        return (new TrainingData([.. x], [.. y], columns), classes);
    }

    private static Func<float> Read<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, float> convert)
    {
        var getter = cursor.GetGetter<T>(column);
        return () => { T v = default!; getter(ref v); return convert(v); };
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => task switch
    {
        ModelTask.Binary => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(label, features).GetOutputSchema(inputSchema),
        ModelTask.Regression => ml.Regression.Trainers.Sdca(label, features).GetOutputSchema(inputSchema),
        _ => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(label, features).GetOutputSchema(inputSchema),
    };
}
