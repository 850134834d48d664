using Microsoft.ML;
using Microsoft.ML.Data;

namespace Workbooks.ModelOps.Training;

/// <summary>
/// A <see cref="TrainedNetwork"/> as the last ML.NET transform of a model: it reads the prepared feature column and
/// gives the columns ML.NET's own predictors give (regression: Score; binary: PredictedLabel, Score = z, Probability
/// = σ(z); multiclass: PredictedLabel as the class name and Score as the class probabilities), so a network model
/// predicts through the same <see cref="Models.TrainedModel"/> code as every other model. ML.NET has no predictor
/// for a network with hidden layers and saves a custom mapping only through a registered factory, which cannot carry
/// the weights; so the mapping is ML.NET's CustomMapping, and <see cref="Models.TrainedModel.Save"/> writes the
/// network beside ML.NET's zip instead of through it.
/// </summary>
internal sealed class NetworkTransformer : ITransformer
{
    private readonly ITransformer _mapping;

    public NetworkTransformer(MLContext ml, TrainedNetwork network, string featureColumn, DataViewSchema preparedSchema)
    {
        Network = network; FeatureColumn = featureColumn;
        var input = SchemaDefinition.Create(typeof(FeatureRow));
        input[0].ColumnName = featureColumn;
        input[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, network.Shape.Inputs);
        var empty = new EmptyDataView(preparedSchema);
        var shape = network.Shape;
        _mapping = shape.Loss switch
        {
            LossKind.Squared => ml.Transforms.CustomMapping<FeatureRow, RegressionRow>((x, y) =>
            {
                Span<float> z = stackalloc float[1];
                network.Outputs(x.Features, z);
                y.Score = z[0];
            }, null, input).Fit(empty),
            LossKind.Logistic => ml.Transforms.CustomMapping<FeatureRow, BinaryRow>((x, y) =>
            {
                Span<float> z = stackalloc float[1];
                network.Outputs(x.Features, z);
                y.Score = z[0];
                y.PredictedLabel = z[0] > 0;   // as ML.NET's binary predictors: positive when the raw score is above 0
                TrainedNetwork.Probabilities(LossKind.Logistic, z);
                y.Probability = z[0];
            }, null, input).Fit(empty),
            _ => ml.Transforms.CustomMapping<FeatureRow, MulticlassRow>((x, y) =>
            {
                var p = new float[shape.Outputs];
                network.Outputs(x.Features, p);
                TrainedNetwork.Probabilities(LossKind.Softmax, p);
                int best = 0;
                for (int k = 1; k < p.Length; k++) if (p[k] > p[best]) best = k;
                y.Score = p; y.PredictedLabel = network.Classes[best];
            }, null, input, MulticlassOutput(shape.Outputs)).Fit(empty),
        };
    }

    public TrainedNetwork Network { get; }
    /// <summary>The prepared feature column the network reads.</summary>
    public string FeatureColumn { get; }

    public bool IsRowToRowMapper => _mapping.IsRowToRowMapper;
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _mapping.GetOutputSchema(inputSchema);
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _mapping.GetRowToRowMapper(inputSchema);
    public IDataView Transform(IDataView input) => _mapping.Transform(input);

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("A network's layers are saved by TrainedModel.Save beside ML.NET's feature preparation, not by ML.NET.");

    private static SchemaDefinition MulticlassOutput(int classes)
    {
        var output = SchemaDefinition.Create(typeof(MulticlassRow));
        output.First(c => c.MemberName == nameof(MulticlassRow.Score)).ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes);
        return output;
    }

    private sealed class FeatureRow { public float[] Features = []; }
    private sealed class RegressionRow { public float Score; }
    private sealed class BinaryRow { public bool PredictedLabel; public float Score; public float Probability; }
    private sealed class MulticlassRow { public string PredictedLabel = ""; public float[] Score = []; }
}
