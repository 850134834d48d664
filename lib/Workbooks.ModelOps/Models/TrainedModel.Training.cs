using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Monitoring;

namespace Workbooks.ModelOps.Models;

public sealed partial class TrainedModel
{
    // Feature preparation as ML.NET transforms, then the trainer; the label is mapped to a key for multiclass training
    // outside the saved chain, so predicting never needs a label column.
    private static TrainedModel Fit(Table table, string? label, IReadOnlyList<string> features, Array labels, ModelTask task,
        IReadOnlyList<string> classes, TrainerOptions? trainer)
    {
        trainer ??= new FastTreeOptions();
        if (features.Count == 0) throw new ArgumentException("A model needs at least one feature column.");
        if (labels.Length != table.RowCount) throw new ArgumentException($"{table.Source}: {labels.Length} target values for {table.RowCount} rows.");
        if (table.RowCount < 2) throw new ArgumentException($"{table.Source}: training needs rows; it has {table.RowCount}.");
        if (task == ModelTask.Binary && labels is bool[] b && (b.All(t => t) || !b.Any(t => t)))
            throw new ArgumentException($"{table.Source}: the binary target has only one class; a classifier needs both.");
        var schema = new List<ModelColumn>();
        foreach (var name in features)
        {
            if (name is LabelColumn or FeaturesColumn) throw new ArgumentException($"'{name}' is a reserved column name; rename the feature.");
            if (!table.HasColumn(name)) throw new ArgumentException($"{table.Source} has no feature column '{name}'. Columns: {string.Join(", ", table.ColumnNames)}.");
            schema.Add(new ModelColumn(name, table[name].Kind));
        }
        var ml = new MLContext(trainer.Seed);
        var input = TableDataView.SchemaOf(schema);
        DataViewType labelType = labels switch { bool[] => BooleanDataViewType.Instance, float[] => NumberDataViewType.Single, _ => TextDataViewType.Instance };
        var data = new TableDataView(table, TableDataView.SchemaOf(schema, (LabelColumn, labelType)), new Dictionary<string, Array> { [LabelColumn] = labels });

        IEstimator<ITransformer> prep = new EstimatorChain<ITransformer>();
        foreach (var c in schema)
            prep = c.Kind == ColumnKind.Categorical
                ? prep.Append(ml.Transforms.Categorical.OneHotEncoding(c.Name, c.Name))
                : prep.Append(ml.Transforms.ReplaceMissingValues(c.Name, c.Name, MissingValueReplacingEstimator.ReplacementMode.Mean));
        prep = prep.Append(ml.Transforms.Concatenate(FeaturesColumn, schema.Select(c => c.Name).ToArray()));
        if (trainer.NeedsNormalizedFeatures) prep = prep.Append(ml.Transforms.NormalizeMinMax(FeaturesColumn));
        var prepared = prep.Fit(data);
        var features1 = prepared.Transform(data);
        ITransformer model;
        if (task == ModelTask.Multiclass)
        {
            var toKey = ml.Transforms.Conversion.MapValueToKey(LabelColumn, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(features1);
            var keyed = toKey.Transform(features1);
            var predictor = trainer.Create(ml, task, LabelColumn, FeaturesColumn).Fit(keyed);
            // A network with hidden layers names its predicted class itself; ML.NET's predictors give the key.
            model = predictor is Training.NetworkTransformer
                ? new TransformerChain<ITransformer>(prepared, predictor)
                : new TransformerChain<ITransformer>(prepared, predictor, ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(predictor.Transform(keyed)));
        }
        else
        {
            model = new TransformerChain<ITransformer>(prepared, trainer.Create(ml, task, LabelColumn, FeaturesColumn).Fit(features1));
        }
        string source = $"{trainer.Family} {task.Name()} model{(label is null ? "" : $" of '{label}'")} trained on {table.Source}";
        return new TrainedModel(ml, model, input, task, label, schema, classes, trainer, table.RowCount, new Dictionary<string, double>(), source);
    }

    // The output columns a task's predictions are read from, checked against what the transformer gives.
    private static string[] OutputsOf(ITransformer transformer, DataViewSchema input, ModelTask task, string source)
    {
        if (!transformer.IsRowToRowMapper) throw new ArgumentException($"The model '{source}' cannot predict one row at a time.");
        var outputs = transformer.GetOutputSchema(input);
        string[] names = task switch
        {
            ModelTask.Regression => ["Score"],
            ModelTask.Binary => outputs.GetColumnOrNull("Probability") is null ? ["PredictedLabel"] : ["PredictedLabel", "Probability"],
            _ => ["PredictedLabel", "Score"],
        };
        foreach (var name in names)
        {
            var column = outputs.GetColumnOrNull(name);
            bool fits = (name, task) switch
            {
                ("PredictedLabel", ModelTask.Binary) => column?.Type is BooleanDataViewType,
                ("PredictedLabel", _) => column?.Type is TextDataViewType,
                ("Score", ModelTask.Multiclass) => column?.Type is VectorDataViewType { ItemType: NumberDataViewType n } && n == NumberDataViewType.Single,
                _ => column?.Type == NumberDataViewType.Single,
            };
            if (!fits)
                throw new ArgumentException($"The model '{source}' has no output column '{name}' that a {task.Name()} model gives (outputs: {string.Join(", ", outputs.Select(c => $"{c.Name}:{c.Type}"))}).");
        }
        return names;
    }

    // Reads one prediction from the current row of a scored row or cursor.
    private Func<PredictionView> Reader(DataViewRow output)
    {
        switch (Task)
        {
            case ModelTask.Regression:
                var score = output.GetGetter<float>(output.Schema["Score"]);
                return () => { float v = 0; score(ref v); return new PredictionView(null, v); };
            case ModelTask.Binary:
                var label = output.GetGetter<bool>(output.Schema["PredictedLabel"]);
                var probability = _outputs.Length > 1 ? output.GetGetter<float>(output.Schema["Probability"]) : null;
                string negative = Classes[0], positive = Classes[1];
                return () =>
                {
                    bool l = false; label(ref l);
                    float p = l ? 1 : 0;
                    probability?.Invoke(ref p);
                    return new PredictionView(l ? positive : negative, p);
                };
            default:
                var text = output.GetGetter<ReadOnlyMemory<char>>(output.Schema["PredictedLabel"]);
                var scores = output.GetGetter<VBuffer<float>>(output.Schema["Score"]);
                return () =>
                {
                    ReadOnlyMemory<char> t = default; text(ref t);
                    VBuffer<float> s = default; scores(ref s);
                    var values = s.DenseValues();
                    return new PredictionView(t.ToString(), values.Any() ? values.Max() : double.NaN);
                };
        }
    }

    /// <summary>Checks that <paramref name="table"/> has every column the model reads, of a kind that gives its type; otherwise an
    /// <see cref="ArgumentException"/> naming the column, the table and the model's file.</summary>
    public void CheckColumns(Table table) => CheckColumns(Schema, _inputSchema, Source, table);

    /// <summary><see cref="CheckColumns(Table)"/> for any model reading <paramref name="schema"/> through ML.NET's <paramref name="inputSchema"/>.</summary>
    internal static void CheckColumns(IReadOnlyList<ModelColumn> schema, DataViewSchema inputSchema, string source, Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (var c in schema)
        {
            if (!table.HasColumn(c.Name))
                throw new ArgumentException($"The model '{source}' reads column '{c.Name}', which {table.Source} does not have.");
            var type = inputSchema[c.Name].Type;
            var kind = table[c.Name].Kind;
            bool fits = type == NumberDataViewType.Single || type == NumberDataViewType.Double ? kind == ColumnKind.Numerical
                : type is TextDataViewType or BooleanDataViewType;
            if (!fits)
                throw new ArgumentException($"The model '{source}' reads column '{c.Name}' as {type}, which the {kind.ToString().ToLowerInvariant()} column '{c.Name}' of {table.Source} cannot give.");
        }
    }
}
