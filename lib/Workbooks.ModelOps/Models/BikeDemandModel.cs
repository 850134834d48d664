using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Models;

/// <summary>Training settings for <see cref="BikeDemandModel"/>.</summary>
/// <example>
/// <code>
/// var options = new BikeDemandOptions { Trees = 50 };
/// Console.WriteLine($"{options.Trees} {options.Leaves} {options.ValidationEveryNthDay}");
/// // prints: 50 31 5
/// </code>
/// </example>
public sealed record BikeDemandOptions
{
    public int Trees { get; init; } = 100;
    public int Leaves { get; init; } = 31;
    public int MinimumRowsPerLeaf { get; init; } = 10;
    public double LearningRate { get; init; } = 0.1;
    /// <summary>Every n-th day of the training data is held out (whole days, so hours of one day never sit on both sides).</summary>
    public int ValidationEveryNthDay { get; init; } = 5;
    public int Seed { get; init; } = 1;
}

/// <summary>The model's output: predicted rentals in the hour.</summary>
/// <example>
/// <code>
/// Console.WriteLine(new BikeDemandPrediction { Rentals = 42 }.Rentals);
/// // prints: 42
/// </code>
/// </example>
public sealed class BikeDemandPrediction
{
    [ColumnName("Score")] public float Rentals { get; set; }
}

/// <summary>
/// An ML.NET FastTree regression that predicts hourly bike rentals (<see cref="BikeHour.Count"/>) from the
/// calendar and weather (<see cref="BikeHour.FeatureNames"/>). Trained on one period (the walkthroughs use
/// 2011) and replayed on a later one, it shows how quality decays as demand drifts: it never saw the
/// 2012 growth in riders. <see cref="Predict"/> is thread-safe (one prediction engine per thread).
/// </summary>
/// <example>
/// <code>
/// var hours = BikeHour.FromTable(DatasetCatalog.LoadTable("bike_sharing_hour"));
/// var model = BikeDemandModel.Train(hours.Where(h => h.Date.Year == 2011).ToList());
/// Console.WriteLine(model.ValidationMae &lt; 60);
/// // prints: True
/// </code>
/// </example>
public sealed class BikeDemandModel : IHtmlRenderable, IDisposable
{
    private readonly ThreadLocal<PredictionEngine<BikeHour, BikeDemandPrediction>> _engines;

    private BikeDemandModel(MLContext context, ITransformer transformer, int trainingRows, RegressionReport? validation, BikeDemandOptions options)
    {
        Context = context; Transformer = transformer; TrainingRows = trainingRows; Validation = validation; Options = options;
        _engines = new(() => Context.Model.CreatePredictionEngine<BikeHour, BikeDemandPrediction>(Transformer), trackAllValues: true);
    }

    public MLContext Context { get; }
    /// <summary>The trained ML.NET pipeline (feature concatenation + FastTree), for wrapping in a monitor.</summary>
    public ITransformer Transformer { get; }
    public int TrainingRows { get; }
    public BikeDemandOptions Options { get; }
    /// <summary>Quality on the held-out days of the training period: the reference a replay is compared with.</summary>
    public RegressionReport? Validation { get; }
    /// <summary>Mean absolute error on the held-out days (rentals per hour).</summary>
    public double ValidationMae => Validation?.Mae ?? throw new InvalidOperationException("This model was loaded without validation data.");

    /// <summary>Trains on <paramref name="hours"/>, holding out every n-th day to measure <see cref="Validation"/>.</summary>
    public static BikeDemandModel Train(IReadOnlyList<BikeHour> hours, BikeDemandOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hours);
        options ??= new BikeDemandOptions();
        if (hours.Count < 100) throw new ArgumentException($"Training needs at least 100 hours of data, got {hours.Count}.", nameof(hours));
        bool Held(BikeHour h) => options.ValidationEveryNthDay > 1 && h.Date.DayOfYear % options.ValidationEveryNthDay == 0;
        var train = hours.Where(h => !Held(h)).ToList();
        var heldOut = hours.Where(Held).ToList();

        var context = new MLContext(options.Seed);
        var pipeline = context.Transforms.Concatenate("Features", BikeHour.FeatureNames.ToArray())
            .Append(context.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                NumberOfTrees = options.Trees, NumberOfLeaves = options.Leaves, MinimumExampleCountPerLeaf = options.MinimumRowsPerLeaf,
                LearningRate = options.LearningRate, NumberOfThreads = 1, Seed = options.Seed,
            }));
        var transformer = pipeline.Fit(context.Data.LoadFromEnumerable(train));
        RegressionReport? validation = null;
        if (heldOut.Count > 0)
        {
            using var engine = context.Model.CreatePredictionEngine<BikeHour, BikeDemandPrediction>(transformer);
            var predicted = heldOut.Select(h => (double)engine.Predict(h).Rentals).ToArray();
            validation = Metrics.RegressionMetrics.Evaluate(heldOut.Select(h => (double)h.Count).ToArray(), predicted);
        }
        return new BikeDemandModel(context, transformer, train.Count, validation, options);
    }

    /// <summary>Predicted rentals for one hour. Thread-safe.</summary>
    public float Predict(BikeHour hour) => _engines.Value!.Predict(hour).Rentals;

    /// <summary>Saves the ML.NET model (a zip) to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        Context.Model.Save(Transformer, Context.Data.LoadFromEnumerable(new[] { new BikeHour() }).Schema, path);
    }

    /// <summary>Loads a model saved with <see cref="Save"/> (its validation figures are not stored).</summary>
    public static BikeDemandModel Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file not found: {path}", path);
        var context = new MLContext(1);
        var transformer = context.Model.Load(path, out _);
        return new BikeDemandModel(context, transformer, 0, null, new BikeDemandOptions());
    }

    public string ToHtml() =>
        $"<table><tr><th>BikeDemandModel</th><th></th></tr><tr><td>learner</td><td>FastTree regression, {Options.Trees} trees, {Options.Leaves} leaves</td></tr>"
        + $"<tr><td>features</td><td>{string.Join(", ", BikeHour.FeatureNames)}</td></tr><tr><td>training rows</td><td>{TrainingRows}</td></tr>"
        + (Validation is { } v ? $"<tr><td>held-out MAE / RMSE / R²</td><td>{v.Mae:F1} / {v.Rmse:F1} / {v.R2:F3} ({v.Count} hours)</td></tr>" : "")
        + "</table>";

    public override string ToString() => Validation is { } v
        ? $"BikeDemandModel: FastTree, {TrainingRows} training hours, held-out MAE {v.Mae:F1}, R² {v.R2:F3}"
        : $"BikeDemandModel: FastTree";

    public void Dispose()
    {
        foreach (var engine in _engines.Values) engine.Dispose();
        _engines.Dispose();
    }
}
