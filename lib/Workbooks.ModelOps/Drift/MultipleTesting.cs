namespace Workbooks.ModelOps.Drift;

/// <summary>
/// Re-decides p-value tests across the columns of one report: Bonferroni divides each threshold by the number of
/// p-value tests; Benjamini-Hochberg flags the k smallest p-values where k is the largest rank with
/// p_(k) &lt;= k / m x threshold. Distance tests are left as they are.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(MultipleTesting.BenjaminiHochberg([0.01, 0.04, 0.03], 0.05).Count(d => d));   // 3
/// </code>
/// </example>
public static class MultipleTesting
{
    public static IReadOnlyList<ColumnDriftResult> Apply(IReadOnlyList<ColumnDriftResult> columns, MultipleTestingCorrection correction)
    {
        if (correction == MultipleTestingCorrection.None) return columns;
        var pIndexes = Enumerable.Range(0, columns.Count).Where(i => columns[i].PValue is not null).ToArray();
        if (pIndexes.Length == 0) return columns;
        var result = columns.ToArray();
        int m = pIndexes.Length;
        bool[] drift = correction == MultipleTestingCorrection.Bonferroni
            ? pIndexes.Select(i => columns[i].PValue!.Value < columns[i].Threshold / m).ToArray()
            : BenjaminiHochberg(pIndexes.Select(i => columns[i].PValue!.Value).ToArray(), pIndexes.Select(i => columns[i].Threshold).ToArray());
        string name = correction == MultipleTestingCorrection.Bonferroni ? "Bonferroni" : "Benjamini-Hochberg";
        for (int k = 0; k < m; k++)
        {
            var c = columns[pIndexes[k]];
            var decided = c.Result with { DriftDetected = drift[k] };
            var others = new Dictionary<string, DriftTestResult>(c.OtherTests) { [c.Test] = decided };
            result[pIndexes[k]] = c with
            {
                Result = decided, OtherTests = others,
                Notes = c.Notes.Append($"{name} correction over {m} p-value tests: drift {(drift[k] ? "confirmed" : "not confirmed")}").ToList(),
            };
        }
        return result;
    }

    /// <summary>Benjamini-Hochberg decisions at one level for all p-values.</summary>
    public static bool[] BenjaminiHochberg(double[] pValues, double level) =>
        BenjaminiHochberg(pValues, Enumerable.Repeat(level, pValues.Length).ToArray());

    private static bool[] BenjaminiHochberg(double[] p, double[] levels)
    {
        int m = p.Length;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
        int cutoff = -1;
        for (int rank = 1; rank <= m; rank++)
            if (p[order[rank - 1]] <= rank / (double)m * levels[order[rank - 1]]) cutoff = rank;
        var decisions = new bool[m];
        for (int rank = 1; rank <= cutoff; rank++) decisions[order[rank - 1]] = true;
        return decisions;
    }
}
