namespace Workbooks.ModelOps.Estimation;

/// <summary>The model-quality metrics the estimators report. Classification metrics are macro averages
/// over one-vs-rest classes for a multiclass model; regression metrics come from DLE.</summary>
/// <example>
/// <code>
/// Console.WriteLine(string.Join(",", PerformanceMetricNames.Classification.Select(m => m.Name())));
/// // prints: accuracy,precision,recall,f1,specificity,roc_auc
/// </code>
/// </example>
public enum PerformanceMetric { Accuracy, Precision, Recall, F1, Specificity, RocAuc, Mae, Rmse }

/// <summary>Names used in JSON, charts and the CLI (snake case, as in scikit-learn).</summary>
/// <example>
/// <code>
/// Console.WriteLine(PerformanceMetric.RocAuc.Name() + " " + PerformanceMetricNames.Parse("F1"));
/// // prints: roc_auc F1
/// </code>
/// </example>
public static class PerformanceMetricNames
{
    public static string Name(this PerformanceMetric metric) => metric switch
    {
        PerformanceMetric.Accuracy => "accuracy",
        PerformanceMetric.Precision => "precision",
        PerformanceMetric.Recall => "recall",
        PerformanceMetric.F1 => "f1",
        PerformanceMetric.Specificity => "specificity",
        PerformanceMetric.RocAuc => "roc_auc",
        PerformanceMetric.Mae => "mae",
        PerformanceMetric.Rmse => "rmse",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    /// <summary>Every classification metric CBPE estimates, in report order.</summary>
    public static IReadOnlyList<PerformanceMetric> Classification { get; } =
        [PerformanceMetric.Accuracy, PerformanceMetric.Precision, PerformanceMetric.Recall, PerformanceMetric.F1, PerformanceMetric.Specificity, PerformanceMetric.RocAuc];

    /// <summary>The regression metrics DLE estimates.</summary>
    public static IReadOnlyList<PerformanceMetric> Regression { get; } = [PerformanceMetric.Mae, PerformanceMetric.Rmse];

    /// <summary>Parses a name such as <c>roc_auc</c> or <c>F1</c> (case-insensitive); the error lists the valid names.</summary>
    public static PerformanceMetric Parse(string name)
    {
        foreach (var m in Enum.GetValues<PerformanceMetric>())
            if (string.Equals(m.Name(), name, StringComparison.OrdinalIgnoreCase) || string.Equals(m.ToString(), name, StringComparison.OrdinalIgnoreCase)) return m;
        throw new ArgumentException($"Unknown metric '{name}'. Known: {string.Join(", ", Enum.GetValues<PerformanceMetric>().Select(m => m.Name()))}.");
    }
}
