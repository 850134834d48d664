namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Chi-square and G (log-likelihood ratio) tests: goodness of fit (SciPy's <c>chisquare</c> and
/// <c>power_divergence(lambda_="log-likelihood")</c>) and the contingency-table test
/// (<c>chi2_contingency</c>, Yates' correction when there is one degree of freedom).
/// </summary>
/// <example>
/// <code>
/// var r = ChiSquare.GoodnessOfFit(new double[] { 16, 18, 16, 14, 12, 12 }, new double[] { 16, 16, 16, 16, 16, 8 });
/// Console.WriteLine($"{r.Statistic:F6} {r.PValue:F6}");   // 3.500000 0.623388
/// </code>
/// </example>
public static class ChiSquare
{
    /// <summary>Pearson's sum (o - e)^2 / e with k - 1 degrees of freedom. An expected count of zero with an
    /// observed count above zero gives an infinite statistic and p = 0; both zero contribute nothing.</summary>
    public static TestOutcome GoodnessOfFit(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        Check(observed, expected);
        double stat = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            double d = observed[i] - expected[i];
            if (expected[i] == 0) { if (d != 0) stat = double.PositiveInfinity; continue; }
            stat += d * d / expected[i];
        }
        return new TestOutcome(stat, PValue(stat, observed.Length - 1), "chi-square goodness of fit");
    }

    /// <summary>G = 2 sum o ln(o / e) with k - 1 degrees of freedom (o = 0 terms are 0).</summary>
    public static TestOutcome GTest(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        Check(observed, expected);
        double stat = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            if (observed[i] == 0) continue;
            if (expected[i] == 0) { stat = double.PositiveInfinity; continue; }
            stat += observed[i] * Math.Log(observed[i] / expected[i]);
        }
        stat *= 2;
        return new TestOutcome(stat, PValue(stat, observed.Length - 1), "G-test goodness of fit");
    }

    /// <summary>Test of independence on an r x c table of counts (rows = samples). Expected counts from the
    /// margins; Yates' continuity correction when dof = 1, as SciPy's default.</summary>
    public static TestOutcome Contingency(double[,] table, bool yates = true)
    {
        int r = table.GetLength(0), c = table.GetLength(1);
        var rows = new double[r]; var cols = new double[c]; double total = 0;
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) { rows[i] += table[i, j]; cols[j] += table[i, j]; total += table[i, j]; }
        int dof = (r - 1) * (c - 1);
        if (dof == 0) return new TestOutcome(0, 1, "chi-square contingency (no degrees of freedom)");
        double stat = 0;
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
            {
                double e = rows[i] * cols[j] / total, o = table[i, j];
                if (e == 0) throw new ArgumentException($"Contingency table has an empty row or column (row {i}, column {j}).");
                if (dof == 1 && yates) o += Math.Sign(e - o) * Math.Min(0.5, Math.Abs(e - o));
                stat += (o - e) * (o - e) / e;
            }
        return new TestOutcome(stat, PValue(stat, dof), "chi-square contingency");
    }

    private static double PValue(double stat, int dof) => dof <= 0 ? 1.0 : Distributions.ChiSquareSf(stat, dof);

    private static void Check(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        if (observed.Length != expected.Length) throw new ArgumentException($"Observed ({observed.Length}) and expected ({expected.Length}) counts differ in length.");
        if (observed.IsEmpty) throw new ArgumentException("No categories to test.");
    }
}
