using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Estimation;

namespace Workbooks.ModelOps.Monitoring.Reports;

/// <summary>The reference data a report compares with: the model's feature columns, and where present its
/// <c>score</c> and <c>prediction</c> columns and one label column (the quality and prediction-drift reference).</summary>
public sealed class ReferenceData
{
    private ReferenceData(Table table, IReadOnlyList<string> features, double[]? scores, string?[]? predictions, TableColumn? label)
    {
        Table = table; Features = features; Scores = scores; Predictions = predictions; Label = label;
    }

    public Table Table { get; }
    public IReadOnlyList<string> Features { get; }
    public double[]? Scores { get; }
    public string?[]? Predictions { get; }
    public TableColumn? Label { get; }
    public ColumnKind KindOf(string feature) => Table[feature].Kind;

    /// <summary>Loads <paramref name="reference"/> (a CSV or Parquet file, or a catalog dataset) and checks it holds every
    /// one of <paramref name="features"/>; errors name the reference and the missing columns.</summary>
    public static ReferenceData Load(string reference, IReadOnlyList<string> features)
    {
        if (string.IsNullOrWhiteSpace(reference))
            throw new MonitoringReportException("reference: no reference data given (a CSV or Parquet file, or a catalog dataset).");
        Table table;
        try
        {
            table = File.Exists(reference)
                ? reference.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? ParquetTableReader.Read(reference) : Table.ReadCsv(reference)
                : DatasetCatalog.Names.Contains(reference) ? DatasetCatalog.LoadTable(reference)
                : throw new MonitoringReportException($"reference: '{reference}' is neither a file nor a catalog dataset ({string.Join(", ", DatasetCatalog.Names)}).");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException or UnauthorizedAccessException)
        {
            throw new MonitoringReportException($"reference: '{reference}' cannot be read: {e.Message.Split('\n')[0]}");
        }
        var missing = features.Where(f => !table.HasColumn(f)).ToList();
        if (missing.Count > 0)
            throw new MonitoringReportException($"reference: '{reference}' lacks the model's column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} " +
                $"(the log's features: {string.Join(", ", features)}; the reference's columns: {string.Join(", ", table.ColumnNames)}).");
        var others = table.ColumnNames.Where(n => !features.Contains(n) && n is not "score" and not "prediction").ToList();
        var scores = table.HasColumn("score") && table["score"].Kind == ColumnKind.Numerical ? table["score"].Numbers : null;
        var predictions = table.HasColumn("prediction") ? table["prediction"].AsLabels() : null;
        return new ReferenceData(table, features, scores, predictions, others.Count == 1 ? table[others[0]] : null);
    }
}

/// <summary>Everything the sections of one report share: the log, the periods, their rows, the reference, the task.</summary>
internal sealed class ReportContext
{
    public required ReportLog Log { get; init; }
    public required string Model { get; init; }
    public required DateTime Start { get; init; }
    public required DateTime End { get; init; }
    public required DateTime CompareStart { get; init; }
    public required DateTime CompareEnd { get; init; }
    public required ReportThresholds Thresholds { get; init; }
    public required PeriodRows Period { get; init; }
    public required PeriodRows Comparison { get; init; }
    public required ReferenceData Reference { get; init; }
    /// <summary>Versions serving in the period that did not serve in the comparison period (when it had traffic).</summary>
    public required IReadOnlyList<string> NewVersions { get; init; }
    public bool IsRegression { get; init; }
    public string? PositiveClass { get; init; }
    public BinaryCbpe? Cbpe { get; init; }
    /// <summary>The regression model's error estimator, fitted on the reference's features, scores and labels.</summary>
    public Dle? Dle { get; init; }
    public double? ReferenceQuality { get; init; }
    public IReadOnlyList<string> DriftedFeatures { get; set; } = [];

    public string QualityMetric => IsRegression ? "mae" : "accuracy";
    public string PeriodText => $"{MonitoringReportRequest.Show(Start)} .. {MonitoringReportRequest.Show(End)}";
    public string CompareText => $"{MonitoringReportRequest.Show(CompareStart)} .. {MonitoringReportRequest.Show(CompareEnd)}";

    /// <summary>Accuracy (classification) or MAE (regression) of <paramref name="rows"/> at <paramref name="indices"/>; NaN for none.</summary>
    public double Quality(PeriodRows rows, IReadOnlyList<int> indices) => indices.Count == 0 ? double.NaN
        : IsRegression ? indices.Average(i => Math.Abs(rows.Scores[i] - rows.LabelValues[i]))
        : indices.Average(i => rows.Predictions[i] == rows.Labels[i] ? 1.0 : 0.0);

    /// <summary>The labelled rows' errors in time order: 0/1 misclassification, or the absolute error.</summary>
    public IEnumerable<(DateTime Time, double Error)> Errors(PeriodRows rows)
    {
        for (int i = 0; i < rows.Count; i++)
            if (rows.Labelled(i))
                yield return (rows.Times[i], IsRegression ? Math.Abs(rows.Scores[i] - rows.LabelValues[i]) : rows.Predictions[i] == rows.Labels[i] ? 0 : 1);
    }

    /// <summary>The task, the positive class, the CBPE estimator and the reference quality, from the period and the reference.</summary>
    public static (bool Regression, string? Positive, BinaryCbpe? Cbpe, Dle? Dle, double? ReferenceQuality) Describe(PeriodRows period, ReferenceData reference)
    {
        var served = Enumerable.Range(0, period.Count).Where(i => !period.Failed[i]).ToList();
        bool regression = served.Count > 0 && served.All(i => period.Predictions[i] is null);
        if (regression)
        {
            if (reference.Scores is not { } s || reference.Label?.Numbers is not { } y) return (true, null, null, null, null);
            var rows = Enumerable.Range(0, s.Length).Where(i => double.IsFinite(y[i]) && double.IsFinite(s[i])).ToArray();
            double? q = rows.Length == 0 ? null : rows.Average(i => Math.Abs(s[i] - y[i]));
            // DLE learns |error| from the features and the model's own output; 100 labelled rows is the least it is fitted on.
            var dle = rows.Length >= 100
                ? Dle.Fit(reference.Table.Rows(rows).Select([.. reference.Features, "score", reference.Label.Name]), reference.Features, prediction: "score", target: reference.Label.Name)
                : null;
            return (true, null, null, dle, q);
        }
        var labels = reference.Label?.AsLabels();
        double? accuracy = reference.Predictions is { } p && labels is not null
            ? Enumerable.Range(0, p.Length).Where(i => labels[i] is not null && p[i] is not null).Select(i => p[i] == labels[i] ? 1.0 : 0.0).DefaultIfEmpty(double.NaN).Average() : null;
        var classes = served.Select(i => period.Predictions[i]).Concat(served.Select(i => period.Labels[i])).Where(c => c is not null).Distinct().ToList();
        bool binary = classes.Count == 2 && served.All(i => period.Scores[i] is >= 0 and <= 1);
        string? positive = binary ? served.Where(i => period.Scores[i] >= 0.5).GroupBy(i => period.Predictions[i]).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() : null;
        BinaryCbpe? cbpe = null;
        if (positive is not null && reference.Scores is { } rs && reference.Predictions is { } rp && labels is not null)
        {
            var rows = Enumerable.Range(0, rs.Length).Where(i => labels[i] is not null && rp[i] is not null && double.IsFinite(rs[i])).ToArray();
            if (rows.Length >= 100)
                cbpe = BinaryCbpe.Fit(rows.Select(i => rs[i]).ToArray(), rows.Select(i => rp[i] == positive ? 1 : 0).ToArray(), rows.Select(i => labels[i] == positive ? 1 : 0).ToArray());
        }
        return (false, positive, cbpe, null, accuracy is { } a && double.IsFinite(a) ? a : null);
    }
}
