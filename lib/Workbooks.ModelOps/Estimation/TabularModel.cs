using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Estimation;

/// <summary>The gradient-boosted trees behind <see cref="TabularModel"/>: ML.NET FastTree (managed) or LightGbm (native).</summary>
/// <example>
/// <code>
/// Console.WriteLine(new TabularModelOptions().Trainer);
/// // prints: FastTree
/// </code>
/// </example>
public enum TreeTrainer { FastTree, LightGbm }

/// <summary>Settings of a <see cref="TabularModel"/>. Small defaults: these models only need to rank errors and scores sensibly.</summary>
/// <example>
/// <code>
/// var o = new TabularModelOptions();
/// Console.WriteLine($"{o.Trees} {o.Leaves} {o.MinimumRowsPerLeaf} {o.LearningRate}");
/// // prints: 100 20 20 0.1
/// </code>
/// </example>
public sealed record TabularModelOptions
{
    public TreeTrainer Trainer { get; init; } = TreeTrainer.FastTree;
    public int Trees { get; init; } = 100;
    public int Leaves { get; init; } = 20;
    public int MinimumRowsPerLeaf { get; init; } = 20;
    public double LearningRate { get; init; } = 0.1;
    /// <summary>Seed of ML.NET; training also runs on one thread so the same data gives the same model.</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>
/// Gradient-boosted trees on the columns of a <see cref="Table"/>: numerical columns as they are (missing
/// values replaced by the training mean), categorical columns one-hot encoded (a value unseen in training
/// encodes to all zeros). DLE uses it to predict a model's error; the validation scenarios use it as the
/// monitored model.
/// </summary>
/// <example>
/// <code>
/// var table = new Table([TableColumn.Numerical("x", [.. Enumerable.Range(0, 200).Select(i => (double)i)])]);
/// var model = TabularModel.TrainRegression(table, ["x"], [.. Enumerable.Range(0, 200).Select(i => i &lt; 100 ? 0.0 : 10.0)]);
/// Console.WriteLine(string.Join(" ", model.Predict(table)[..1].Concat(model.Predict(table)[^1..]).Select(v => Math.Round(v))));
/// // prints: 0 10
/// </code>
/// </example>
public sealed class TabularModel
{
    private const string LabelColumn = "__label", FeaturesColumn = "__features";
    private readonly ITransformer _model;
    private readonly bool _binary;

    private TabularModel(ITransformer model, IReadOnlyList<string> features, bool binary)
    {
        _model = model; Features = features; _binary = binary;
    }

    /// <summary>The table columns the model reads.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>Trains a regressor of <paramref name="target"/> (one value per table row, finite).</summary>
    public static TabularModel TrainRegression(Table table, IReadOnlyList<string> features, double[] target, TabularModelOptions? options = null)
    {
        options ??= new TabularModelOptions();
        for (int i = 0; i < target.Length; i++)
            if (!double.IsFinite(target[i])) throw new ArgumentException($"{table.Source}: the regression target is {target[i]} at row {i}; drop or fill such rows first.");
        var label = new PrimitiveDataFrameColumn<float>(LabelColumn, target.Select(v => (float)v));
        return Train(table, features, label, binary: false, options);
    }

    /// <summary>Trains a binary classifier of <paramref name="target"/>; <see cref="Predict"/> then returns P(true).</summary>
    public static TabularModel TrainBinary(Table table, IReadOnlyList<string> features, bool[] target, TabularModelOptions? options = null)
    {
        options ??= new TabularModelOptions();
        if (target.All(t => t) || !target.Any(t => t)) throw new ArgumentException($"{table.Source}: the binary target has only one class; a classifier needs both.");
        return Train(table, features, new PrimitiveDataFrameColumn<bool>(LabelColumn, target), binary: true, options);
    }

    /// <summary>Predicted values (regression) or probabilities of the positive class (binary) for every row.</summary>
    public double[] Predict(Table table)
    {
        var scored = _model.Transform(ToDataView(table, Features, null));
        var values = scored.GetColumn<float>(_binary ? "Probability" : "Score").ToArray();
        return values.Select(v => (double)v).ToArray();
    }

    private static TabularModel Train(Table table, IReadOnlyList<string> features, DataFrameColumn label, bool binary, TabularModelOptions options)
    {
        if (features.Count == 0) throw new ArgumentException("A model needs at least one feature column.");
        if (label.Length != table.RowCount) throw new ArgumentException($"{table.Source}: {label.Length} target values for {table.RowCount} rows.");
        var ml = new MLContext(options.Seed);
        var data = ToDataView(table, features, label);
        IEstimator<ITransformer>? pipeline = null;
        var inputs = new List<string>();
        foreach (var name in features)
        {
            if (name is LabelColumn or FeaturesColumn) throw new ArgumentException($"'{name}' is a reserved column name; rename the feature.");
            var col = "f:" + name;   // transformed copy; the trees read only these
            IEstimator<ITransformer> step = table[name].Kind == ColumnKind.Categorical
                ? ml.Transforms.Categorical.OneHotEncoding(col, name)
                : ml.Transforms.Conversion.ConvertType(col, name, DataKind.Single)
                    .Append(ml.Transforms.ReplaceMissingValues(col, replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean));
            pipeline = pipeline is null ? step : pipeline.Append(step);
            inputs.Add(col);
        }
        var chain = pipeline!.Append(ml.Transforms.Concatenate(FeaturesColumn, inputs.ToArray()));
        IEstimator<ITransformer> trainer = (binary, options.Trainer) switch
        {
            (false, TreeTrainer.FastTree) => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            { LabelColumnName = LabelColumn, FeatureColumnName = FeaturesColumn, NumberOfTrees = options.Trees, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = options.MinimumRowsPerLeaf, LearningRate = options.LearningRate, NumberOfThreads = 1 }),
            (true, TreeTrainer.FastTree) => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            { LabelColumnName = LabelColumn, FeatureColumnName = FeaturesColumn, NumberOfTrees = options.Trees, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = options.MinimumRowsPerLeaf, LearningRate = options.LearningRate, NumberOfThreads = 1 }),
            (false, TreeTrainer.LightGbm) => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            { LabelColumnName = LabelColumn, FeatureColumnName = FeaturesColumn, NumberOfIterations = options.Trees, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = options.MinimumRowsPerLeaf, LearningRate = options.LearningRate, NumberOfThreads = 1, Seed = options.Seed }),
            _ => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            { LabelColumnName = LabelColumn, FeatureColumnName = FeaturesColumn, NumberOfIterations = options.Trees, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = options.MinimumRowsPerLeaf, LearningRate = options.LearningRate, NumberOfThreads = 1, Seed = options.Seed }),
        };
        var model = chain.Append(trainer).Fit(data);
        return new TabularModel(model, features.ToList(), binary);
    }

    // The data layer's conversion (doubles, null strings for missing), restricted to the features; the label rides along.
    private static IDataView ToDataView(Table table, IReadOnlyList<string> features, DataFrameColumn? label)
    {
        var frame = new Table(features.Select(f => table[f]), table.Source).ToDataFrame();
        if (label is not null) frame.Columns.Add(label);
        return frame;
    }
}
