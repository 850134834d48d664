using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Metrics;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Drift.Multivariate;

/// <summary>Settings of <see cref="DomainClassifier"/>.</summary>
/// <example>
/// <code>
/// var o = new DomainClassifierOptions { GroupColumn = "dteday" };
/// Console.WriteLine($"{o.Threshold} {o.Folds} {o.GroupColumn}");
/// // prints: 0.55 5 dteday
/// </code>
/// </example>
public sealed record DomainClassifierOptions
{
    /// <summary>Drift when the cross-validated ROC AUC is above this. Default 0.55.</summary>
    public double Threshold { get; init; } = 0.55;
    /// <summary>Stratified folds. Default 5.</summary>
    public int Folds { get; init; } = 5;
    public int Seed { get; init; } = 42;
    /// <summary>Rows drawn (seeded) from each side when it has more, to bound training time. Default 10,000.</summary>
    public int MaxRowsPerSide { get; init; } = 10_000;
    /// <summary>The trees (the library's one FastTree options record); their seed is <see cref="Seed"/>. Default: 50 trees
    /// of up to 16 leaves, at least 20 rows per leaf, learning rate 0.2.</summary>
    public FastTreeOptions Trees { get; init; } = new() { Trees = 50, Leaves = 16, MinimumRowsPerLeaf = 20, LearningRate = 0.2 };
    /// <summary>A column whose equal values stay in one fold (for example the day of hourly rows). Rows of
    /// one day share its weather, so with random folds the trees learn to recognise days seen in training
    /// and the AUC overstates the drift; grouped folds test on whole unseen days. Default: none.</summary>
    public string? GroupColumn { get; init; }
    /// <summary>How many columns <see cref="DomainClassifierResult.TopFeatures"/> lists. Default 10.</summary>
    public int TopFeatures { get; init; } = 10;
}

/// <summary>How much one input column helps tell current from reference: its share of the trees' total
/// split gain (one-hot and missing-indicator features summed back to their column), averaged over folds.</summary>
/// <example>
/// <code>
/// Console.WriteLine(new FeatureImportance("temp", 0.25));
/// // prints: FeatureImportance { Column = temp, Importance = 0.25 }
/// </code>
/// </example>
public sealed record FeatureImportance(string Column, double Importance);

/// <summary>Result of <see cref="DomainClassifier.Test"/>.</summary>
/// <example>
/// <code>
/// var r = new DomainClassifierResult(0.61, 0.55, [0.6, 0.62], [new FeatureImportance("temp", 1)], 744, 744);
/// Console.WriteLine(r.DriftDetected);
/// // prints: True
/// </code>
/// </example>
/// <param name="RocAuc">Mean ROC AUC over the held-out folds: 0.5 means the sides cannot be told apart.</param>
/// <param name="Threshold">AUC above which drift is flagged.</param>
/// <param name="FoldAucs">ROC AUC of each held-out fold.</param>
/// <param name="TopFeatures">Columns ranked by how much they separate the sides, most first.</param>
/// <param name="ReferenceRows">Reference rows given (before any sampling).</param>
/// <param name="CurrentRows">Current rows given (before any sampling).</param>
public sealed record DomainClassifierResult(double RocAuc, double Threshold, IReadOnlyList<double> FoldAucs,
    IReadOnlyList<FeatureImportance> TopFeatures, int ReferenceRows, int CurrentRows) : Reporting.IHtmlRenderable
{
    public bool DriftDetected => RocAuc > Threshold;
    public string ToHtml() => Reporting.MultivariateHtml.Render(this);

    /// <summary>Writes a standalone HTML page of this result (plotly.min.js beside it, so it opens offline).</summary>
    public void SaveHtml(string path, string title = "Domain classifier drift") => Reporting.MultivariateHtml.Save(path, title, ToHtml());
}

/// <summary>
/// Multivariate drift by a domain classifier: an ML.NET FastTree model learns to tell current rows
/// (label 1) from reference rows (label 0) under stratified k-fold cross-validation with a fixed seed.
/// If it cannot do better than chance (ROC AUC near 0.5), the joint distributions match; the features
/// its trees split on most are the ones that drifted. Categoricals are one-hot encoded (the 30 most
/// frequent categories of both sides), missing numbers imputed by the reference mean, and each column
/// with missing values gets a 0/1 missingness feature, so a change in missingness is drift too.
/// </summary>
/// <example>
/// <code>
/// var bike = DatasetCatalog.LoadTable("bike_sharing_hour");
/// var r = DomainClassifier.Test(bike.Where("yr", 0).Where("mnth", 3), bike.Where("yr", 1).Where("mnth", 3),
///     ["hr", "weekday", "weathersit", "temp", "hum", "windspeed"], new DomainClassifierOptions { GroupColumn = "dteday" });
/// Console.WriteLine($"AUC {r.RocAuc:F2}, drift: {r.DriftDetected}, top: {r.TopFeatures[0].Column}");
/// // prints: AUC 0.68, drift: True, top: temp
/// </code>
/// </example>
public static class DomainClassifier
{
    public static DomainClassifierResult Test(Table reference, Table current, IReadOnlyList<string> columns, DomainClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference); ArgumentNullException.ThrowIfNull(current);
        options ??= new DomainClassifierOptions();
        if (options.Folds < 2) throw new ArgumentOutOfRangeException(nameof(options), options.Folds, "Cross-validation needs at least 2 folds.");
        if (reference.RowCount < options.Folds || current.RowCount < options.Folds)
            throw new ArgumentException($"The domain classifier needs at least {options.Folds} rows on each side (one per fold); reference has {reference.RowCount}, current has {current.RowCount}.");
        var encoder = FeatureEncoder.Fit(reference, columns, new FeatureEncoderOptions { MissingIndicators = true }, current);
        var rows = new List<Row>();
        AddRows(rows, encoder.Transform(reference), encoder.Width, false, options.MaxRowsPerSide, options.Seed, GroupsOf(reference, options.GroupColumn));
        AddRows(rows, encoder.Transform(current), encoder.Width, true, options.MaxRowsPerSide, options.Seed + 1, GroupsOf(current, options.GroupColumn));
        var folds = StratifiedFolds(rows, options.Folds, options.Seed);
        for (int f = 0; f < options.Folds; f++)
            if (!rows.Where((_, i) => folds[i] == f).Select(r => r.Label).Distinct().Skip(1).Any())
                throw new ArgumentException($"Fold {f} holds rows of one side only; use fewer folds or more groups in '{options.GroupColumn}'.");

        var ml = new MLContext(seed: options.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, encoder.Width);
        var aucs = new double[options.Folds];
        var gains = new double[encoder.Width];
        for (int fold = 0; fold < options.Folds; fold++)
        {
            var train = rows.Where((_, i) => folds[i] != fold);
            var test = rows.Where((_, i) => folds[i] == fold).ToArray();
            // one thread (in the options record): deterministic, and the cores are shared
            var trainer = ml.BinaryClassification.Trainers.FastTree((options.Trees with { Seed = options.Seed }).BinaryOptions("Label", "Features"));
            var model = trainer.Fit(ml.Data.LoadFromEnumerable(train, schema));
            var scored = ml.Data.CreateEnumerable<Scored>(model.Transform(ml.Data.LoadFromEnumerable(test, schema)), reuseRowObject: false)
                .Select(s => (double)s.Score).ToArray();
            aucs[fold] = ClassificationMetrics.RocAuc(test.Select(r => r.Label ? 1 : 0).ToArray(), scored);
            VBuffer<float> weights = default;
            model.Model.SubModel.GetFeatureWeights(ref weights);
            var dense = weights.DenseValues().ToArray();
            double sum = dense.Sum(v => (double)v);
            if (sum > 0) for (int f = 0; f < dense.Length; f++) gains[f] += dense[f] / sum / options.Folds;
        }
        return new DomainClassifierResult(aucs.Average(), options.Threshold, aucs,
            RankColumns(encoder, gains, options.TopFeatures), reference.RowCount, current.RowCount);
    }

    private static IReadOnlyList<FeatureImportance> RankColumns(FeatureEncoder encoder, double[] gains, int top)
    {
        var byColumn = new double[encoder.Columns.Count];
        for (int f = 0; f < gains.Length; f++) byColumn[encoder.FeatureColumn[f]] += gains[f];
        return byColumn.Select((g, c) => new FeatureImportance(encoder.Columns[c], g))
            .OrderByDescending(fi => fi.Importance).ThenBy(fi => fi.Column, StringComparer.Ordinal)
            .Take(top).ToArray();
    }

    private static string?[]? GroupsOf(Table table, string? column) =>
        column is null ? null : table[column].AsLabels();

    private static void AddRows(List<Row> rows, double[] matrix, int width, bool label, int maxRows, int seed, string?[]? groups)
    {
        int count = matrix.Length / width;
        IEnumerable<int> picked = Enumerable.Range(0, count);
        if (count > maxRows)
        {
            var order = picked.ToArray();
            new SeededRandom(seed).Shuffle(order);
            picked = order.Take(maxRows).Order();
        }
        foreach (int r in picked)
        {
            var features = new float[width];
            for (int f = 0; f < width; f++) features[f] = (float)matrix[r * width + f];
            // Groups are per side: the same day label in both tables is two groups.
            rows.Add(new Row { Label = label, Features = features, Group = groups is null ? null : (label ? "c:" : "r:") + groups[r] });
        }
    }

    /// <summary>Fold of each row: the units of each class (rows, or groups when rows have one) shuffled with
    /// the seed and dealt round-robin, so every fold holds the two sides in about the same proportion and a
    /// group never spans two folds.</summary>
    internal static int[] StratifiedFolds(IReadOnlyList<Row> rows, int folds, int seed)
    {
        var fold = new int[rows.Count];
        var rng = new SeededRandom(seed);
        foreach (bool cls in new[] { false, true })
        {
            var units = Enumerable.Range(0, rows.Count).Where(i => rows[i].Label == cls)
                .GroupBy(i => rows[i].Group ?? "#" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal)
                .Select(g => g.ToArray()).ToArray();
            rng.Shuffle(units);
            for (int u = 0; u < units.Length; u++)
                foreach (int i in units[u]) fold[i] = u % folds;
        }
        return fold;
    }

    internal sealed class Row
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
        [Microsoft.ML.Data.NoColumn] public string? Group { get; set; }
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }
}
