namespace Workbooks.ModelOps.Metrics;

/// <summary>How per-class precision, recall and F1 are combined, with scikit-learn's meanings.</summary>
/// <example>
/// <code>
/// var cm = ClassificationMetrics.Confusion(new[] { 0, 1, 2, 2 }, new[] { 0, 2, 2, 2 });
/// Console.WriteLine($"{cm.Recall(Averaging.Macro):F3} {cm.Recall(Averaging.Micro)}");
/// // prints: 0.667 0.75
/// </code>
/// </example>
public enum Averaging
{
    /// <summary>Only the positive class (class index 1) of a two-class problem.</summary>
    Binary,
    /// <summary>Unweighted mean over the classes that occur in the labels or the predictions.</summary>
    Macro,
    /// <summary>From counts summed over all classes (for single-label multiclass, precision = recall = accuracy).</summary>
    Micro,
    /// <summary>Mean over classes weighted by each class's number of true instances (its support).</summary>
    Weighted,
}
