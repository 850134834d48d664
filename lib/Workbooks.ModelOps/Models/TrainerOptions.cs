using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Workbooks.ModelOps.Models;

/// <summary>
/// A trainer family and its hyperparameters: <see cref="FastTreeOptions"/>, <see cref="LightGbmOptions"/> or
/// <see cref="LinearOptions"/>. Every trainer runs on one thread with <see cref="Seed"/>, so the same rows give
/// the same model. Saved in a model file's manifest (the <c>family</c> field names the record).
/// </summary>
/// <example>
/// <code>
/// TrainerOptions options = new LightGbmOptions { Trees = 50 };
/// Console.WriteLine(options);
/// // prints: lightgbm trees=50 leaves=20 min_rows_per_leaf=20 learning_rate=0.1 seed=1
/// </code>
/// </example>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "family")]
[JsonDerivedType(typeof(FastTreeOptions), "fasttree")]
[JsonDerivedType(typeof(LightGbmOptions), "lightgbm")]
[JsonDerivedType(typeof(LinearOptions), "linear")]
[JsonDerivedType(typeof(Training.NetworkOptions), "network")]
public abstract record TrainerOptions
{
    /// <summary>Seed of ML.NET and of the trainer.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The family's name as saved: fasttree, lightgbm, linear.</summary>
    [JsonIgnore] public abstract string Family { get; }

    /// <summary>The hyperparameters by name (what a manifest, a report or a tuning trial shows).</summary>
    public abstract IReadOnlyDictionary<string, double> Hyperparameters();

    /// <summary>Whether the features are scaled to [0, 1] first (linear models need it, trees do not).</summary>
    internal virtual bool NeedsNormalizedFeatures => false;

    /// <summary>The ML.NET trainer for <paramref name="task"/>, reading <paramref name="label"/> and <paramref name="features"/>.</summary>
    internal abstract IEstimator<ITransformer> Create(MLContext ml, ModelTask task, string label, string features);

    public sealed override string ToString() =>
        $"{Family} {string.Join(" ", Hyperparameters().Select(p => FormattableString.Invariant($"{p.Key}={p.Value}")))}";
}

/// <summary>Gradient-boosted trees shared by both tree families.</summary>
public abstract record TreeTrainerOptions : TrainerOptions
{
    public int Trees { get; init; } = 100;
    public int Leaves { get; init; } = 20;
    public int MinimumRowsPerLeaf { get; init; } = 20;
    public double LearningRate { get; init; } = 0.1;

    public override IReadOnlyDictionary<string, double> Hyperparameters() => new Dictionary<string, double>
    {
        ["trees"] = Trees, ["leaves"] = Leaves, ["min_rows_per_leaf"] = MinimumRowsPerLeaf, ["learning_rate"] = LearningRate, ["seed"] = Seed,
    };
}

/// <summary>ML.NET FastTree (managed gradient-boosted trees), the default trainer.</summary>
/// <example>
/// <code>
/// var o = new FastTreeOptions();
/// Console.WriteLine($"{o.Trees} {o.Leaves} {o.MinimumRowsPerLeaf} {o.LearningRate}");
/// // prints: 100 20 20 0.1
/// </code>
/// </example>
public sealed record FastTreeOptions : TreeTrainerOptions
{
    [JsonIgnore] public override string Family => "fasttree";

    internal override IEstimator<ITransformer> Create(MLContext ml, ModelTask task, string label, string features) => task switch
    {
        ModelTask.Regression => ml.Regression.Trainers.FastTree(Fill(new FastTreeRegressionTrainer.Options(), label, features)),
        ModelTask.Binary => ml.BinaryClassification.Trainers.FastTree(Fill(new FastTreeBinaryTrainer.Options(), label, features)),
        // FastTree has no multiclass form: one-versus-all over binary FastTree models
        _ => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(Fill(new FastTreeBinaryTrainer.Options(), label, features)), label),
    };

    /// <summary>ML.NET's options of a binary FastTree with these hyperparameters (for callers that need the typed model).</summary>
    internal FastTreeBinaryTrainer.Options BinaryOptions(string label, string features) => Fill(new FastTreeBinaryTrainer.Options(), label, features);

    private T Fill<T>(T o, string label, string features) where T : BoostedTreeOptions
    {
        o.LabelColumnName = label; o.FeatureColumnName = features; o.NumberOfTrees = Trees; o.NumberOfLeaves = Leaves;
        o.MinimumExampleCountPerLeaf = MinimumRowsPerLeaf; o.LearningRate = LearningRate; o.NumberOfThreads = 1; o.Seed = Seed;
        return o;
    }
}

/// <summary>LightGBM (native gradient-boosted trees); <see cref="TreeTrainerOptions.Trees"/> is its number of boosting iterations.</summary>
/// <example>
/// <code>
/// Console.WriteLine(new LightGbmOptions { Leaves = 16 }.Leaves);
/// // prints: 16
/// </code>
/// </example>
public sealed record LightGbmOptions : TreeTrainerOptions
{
    [JsonIgnore] public override string Family => "lightgbm";

    internal override IEstimator<ITransformer> Create(MLContext ml, ModelTask task, string label, string features) => task switch
    {
        ModelTask.Regression => ml.Regression.Trainers.LightGbm(Regression(label, features)),
        ModelTask.Binary => ml.BinaryClassification.Trainers.LightGbm(Binary(label, features)),
        _ => ml.MulticlassClassification.Trainers.LightGbm(Multiclass(label, features)),
    };

    private LightGbmRegressionTrainer.Options Regression(string label, string features) => new()
    {
        LabelColumnName = label, FeatureColumnName = features, NumberOfIterations = Trees, NumberOfLeaves = Leaves,
        MinimumExampleCountPerLeaf = MinimumRowsPerLeaf, LearningRate = LearningRate, NumberOfThreads = 1, Seed = Seed,
    };

    private LightGbmBinaryTrainer.Options Binary(string label, string features) => new()
    {
        LabelColumnName = label, FeatureColumnName = features, NumberOfIterations = Trees, NumberOfLeaves = Leaves,
        MinimumExampleCountPerLeaf = MinimumRowsPerLeaf, LearningRate = LearningRate, NumberOfThreads = 1, Seed = Seed,
    };

    private LightGbmMulticlassTrainer.Options Multiclass(string label, string features) => new()
    {
        LabelColumnName = label, FeatureColumnName = features, NumberOfIterations = Trees, NumberOfLeaves = Leaves,
        MinimumExampleCountPerLeaf = MinimumRowsPerLeaf, LearningRate = LearningRate, NumberOfThreads = 1, Seed = Seed,
    };
}

/// <summary>A linear model on min-max scaled features: L-BFGS logistic regression (binary), L-BFGS maximum entropy
/// (multiclass), SDCA (regression).</summary>
/// <example>
/// <code>
/// Console.WriteLine(new LinearOptions());
/// // prints: linear l1=0 l2=0.01 max_iterations=100 seed=1
/// </code>
/// </example>
public sealed record LinearOptions : TrainerOptions
{
    public double L1Regularization { get; init; }
    public double L2Regularization { get; init; } = 0.01;
    public int MaximumIterations { get; init; } = 100;

    [JsonIgnore] public override string Family => "linear";

    internal override bool NeedsNormalizedFeatures => true;

    public override IReadOnlyDictionary<string, double> Hyperparameters() => new Dictionary<string, double>
    {
        ["l1"] = L1Regularization, ["l2"] = L2Regularization, ["max_iterations"] = MaximumIterations, ["seed"] = Seed,
    };

    internal override IEstimator<ITransformer> Create(MLContext ml, ModelTask task, string label, string features) => task switch
    {
        ModelTask.Regression => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
        {
            LabelColumnName = label, FeatureColumnName = features, L1Regularization = (float)L1Regularization,
            L2Regularization = (float)L2Regularization, MaximumNumberOfIterations = MaximumIterations, NumberOfThreads = 1,
        }),
        ModelTask.Binary => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = label, FeatureColumnName = features, L1Regularization = (float)L1Regularization,
            L2Regularization = (float)L2Regularization, MaximumNumberOfIterations = MaximumIterations, NumberOfThreads = 1,
        }),
        _ => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = label, FeatureColumnName = features, L1Regularization = (float)L1Regularization,
            L2Regularization = (float)L2Regularization, MaximumNumberOfIterations = MaximumIterations, NumberOfThreads = 1,
        }),
    };
}
