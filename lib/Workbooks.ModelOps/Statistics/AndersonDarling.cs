namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Anderson-Darling k-sample test (Scholz and Stephens 1987) for two sorted samples, as SciPy's
/// <c>anderson_ksamp([a, b])</c> with midranks: the standardized statistic (A2akN - (k-1)) / sigma_N, and the
/// significance level interpolated by a quadratic fit of log(level) against the tabulated critical values,
/// capped to [0.001, 0.25] outside the table.
/// </summary>
/// <example>
/// <code>
/// var r = AndersonDarling.TwoSample(new double[] { 1, 2, 3, 4, 5 }, new double[] { 6, 7, 8, 9, 10 });
/// Console.WriteLine($"{r.Statistic:F6} {r.PValue:F6}");   // 4.726015 0.004356
/// </code>
/// </example>
public static class AndersonDarling
{
    private static readonly double[] Levels = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
    private static readonly double[] B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
    private static readonly double[] B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
    private static readonly double[] B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

    /// <summary>Statistic and capped significance level. Needs at least two distinct pooled values
    /// (the caller handles the constant case).</summary>
    public static TestOutcome TwoSample(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        int n1 = sortedA.Length, n2 = sortedB.Length;
        if (n1 == 0 || n2 == 0) throw new ArgumentException("Anderson-Darling needs at least one value on each side.");
        double N = (double)n1 + n2;
        double a2 = 0;
        int distinct = 0;
        MergedRanks.Walk(sortedA, sortedB, (g, startA, startB) =>
        {
            distinct++;
            double lj = g.Size, bj = g.Below + lj / 2;
            double denom = bj * (N - bj) - N * lj / 4;
            double mA = startA + g.FromA - g.FromA / 2.0, mB = startB + g.FromB - g.FromB / 2.0;
            double termA = N * mA - bj * n1, termB = N * mB - bj * n2;
            a2 += lj / N * (termA * termA / denom / n1 + termB * termB / denom / n2);
        });
        if (distinct < 2) throw new ArgumentException("Anderson-Darling needs more than one distinct value.");
        a2 *= (N - 1) / N;
        double statistic = (a2 - 1) / Math.Sqrt(Variance(n1, n2));
        return new TestOutcome(statistic, SignificanceLevel(statistic, 1), "interpolated");
    }

    /// <summary>Variance of A2akN under the null for k = 2 (Scholz-Stephens eq. 4 terms a, b, c, d).</summary>
    private static double Variance(int n1, int n2)
    {
        long n = (long)n1 + n2;
        double N = n, H = 1.0 / n1 + 1.0 / n2, k = 2;
        // cumulative sums of 1/(N-1), 1/(N-2), ..., 1/2; h = their total + 1; g = sum of cum_i / (i + 2).
        double cum = 0, g = 0;
        for (long i = 0; i < n - 2; i++)
        {
            cum += 1.0 / (n - 1 - i);
            g += cum / (i + 2);
        }
        double h = cum + 1;
        double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
        double b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
        double c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
        double d = (2 * h + 6) * k * k - 4 * h * k;
        return (a * N * N * N + b * N * N + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
    }

    /// <summary>Interpolated significance level for m = k - 1, capped at 0.25 and floored at 0.001.</summary>
    internal static double SignificanceLevel(double statistic, int m)
    {
        var critical = new double[Levels.Length];
        for (int i = 0; i < critical.Length; i++) critical[i] = B0[i] + B1[i] / Math.Sqrt(m) + B2[i] / m;
        if (statistic < critical.Min()) return Levels.Max();
        if (statistic > critical.Max()) return Levels.Min();
        var logs = Levels.Select(l => Math.Log(l)).ToArray();
        var (c2, c1, c0) = QuadraticFit(critical, logs);
        return Math.Exp((c2 * statistic + c1) * statistic + c0);
    }

    /// <summary>Least-squares quadratic through the points (numpy.polyfit(x, y, 2)), by normal equations on
    /// centred x (well conditioned for the 7 table points).</summary>
    internal static (double C2, double C1, double C0) QuadraticFit(double[] x, double[] y)
    {
        double mean = x.Average();
        double s0 = x.Length, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double u = x[i] - mean, u2 = u * u;
            s1 += u; s2 += u2; s3 += u2 * u; s4 += u2 * u2;
            t0 += y[i]; t1 += y[i] * u; t2 += y[i] * u2;
        }
        // Solve [[s4 s3 s2][s3 s2 s1][s2 s1 s0]] [a b c] = [t2 t1 t0] by Cramer's rule.
        double det = Det3(s4, s3, s2, s3, s2, s1, s2, s1, s0);
        double a = Det3(t2, s3, s2, t1, s2, s1, t0, s1, s0) / det;
        double b = Det3(s4, t2, s2, s3, t1, s1, s2, t0, s0) / det;
        double c = Det3(s4, s3, t2, s3, s2, t1, s2, s1, t0) / det;
        // Back from u = x - mean to x.
        return (a, b - 2 * a * mean, a * mean * mean - b * mean + c);
    }

    private static double Det3(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
}
