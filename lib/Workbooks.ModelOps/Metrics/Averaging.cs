namespace Workbooks.ModelOps.Metrics;

/// <summary>How per-class precision, recall and F1 are combined, with scikit-learn's meanings.</summary>
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
