namespace Workbooks.ModelOps.Drift;

/// <summary>
/// Common guard of the built-in tests: a side without usable values gets a neutral, explained result
/// instead of an exception or NaN, so one empty column never stops a report.
/// </summary>
public abstract class DriftTestBase : IDriftTest
{
    public abstract DriftTestDescriptor Descriptor { get; }

    public DriftTestResult Run(DriftColumnPair pair, double threshold)
    {
        string? empty = pair.ReferenceCounts.Valid == 0 ? "reference" : pair.CurrentCounts.Valid == 0 ? "current" : null;
        if (empty is not null)
            return Neutral(threshold, $"the {empty} side has no usable values (all missing or infinite): nothing to compare; see the missing share");
        return Compute(pair, threshold);
    }

    /// <summary>The test itself; both sides have at least one usable value.</summary>
    protected abstract DriftTestResult Compute(DriftColumnPair pair, double threshold);

    /// <summary>A "no evidence of drift" result (p = 1 or distance 0) carrying the reason.</summary>
    protected DriftTestResult Neutral(double threshold, string note) =>
        Descriptor.ScoreKind == DriftScoreKind.PValue
            ? DriftTestResult.From(Descriptor, 0, 1.0, 1.0, threshold, note)
            : DriftTestResult.From(Descriptor, 0, null, 0.0, threshold, note);

    /// <summary>A p-value result.</summary>
    protected DriftTestResult PValue(double statistic, double p, double threshold, string? note = null) =>
        DriftTestResult.From(Descriptor, statistic, p, p, threshold, note);

    /// <summary>A distance result (statistic and score are the distance unless told otherwise).</summary>
    protected DriftTestResult Distance(double distance, double threshold, string? note = null, double? statistic = null) =>
        DriftTestResult.From(Descriptor, statistic ?? distance, null, distance, threshold, note);
}
