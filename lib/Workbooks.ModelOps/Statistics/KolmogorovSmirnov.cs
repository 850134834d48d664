namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Two-sample, two-sided Kolmogorov-Smirnov test on sorted samples, with SciPy's <c>ks_2samp(method="auto")</c>
/// choice: exact when both samples have at most 10,000 values (Hodges' lattice-path counting; the
/// equal-size case by the closed alternating sum), otherwise the exact one-sample distribution of
/// D at n = round(n1 n2 / (n1 + n2)) (<see cref="KolmogorovDistribution"/>). An exact computation that fails
/// numerically falls back to the asymptotic one, as SciPy does.
/// </summary>
/// <example>
/// <code>
/// var r = KolmogorovSmirnov.TwoSample(new double[] { 1, 2, 3, 4 }, new double[] { 5, 6, 7, 8 });
/// Console.WriteLine($"{r.Statistic} {r.PValue:F6} {r.Method}");   // 1 0.028571 exact
/// </code>
/// </example>
public static class KolmogorovSmirnov
{
    /// <summary>Largest sample size for which "auto" tries the exact p-value (SciPy's MAX_AUTO_N).</summary>
    public const int MaxExactN = 10000;

    /// <summary>D = max |F1(x) - F2(x)| over all values, ECDFs as numpy's searchsorted(right) / n (exact p-values
    /// snap D to the lattice h / lcm, so a last-bit difference in D does not matter).</summary>
    public static double Statistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n1 = a.Length, n2 = b.Length, i = 0, j = 0;
        double d = 0, inv1 = 1.0 / n1, inv2 = 1.0 / n2;
        while (i < n1 || j < n2)
        {
            double v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            while (i < n1 && a[i] == v) i++;
            while (j < n2 && b[j] == v) j++;
            double diff = Math.Abs(i * inv1 - j * inv2);
            if (diff > d) d = diff;
        }
        return d;
    }

    /// <summary>Statistic and two-sided p-value (SciPy "auto" method choice).</summary>
    public static TestOutcome TwoSample(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        int n1 = sortedA.Length, n2 = sortedB.Length;
        if (n1 == 0 || n2 == 0) throw new ArgumentException("Kolmogorov-Smirnov needs at least one value on each side.");
        double d = Statistic(sortedA, sortedB);
        if (Math.Max(n1, n2) <= MaxExactN && TryExact(n1, n2, d, out double exactD, out double p))
            return new TestOutcome(exactD, Math.Clamp(p, 0, 1), "exact");
        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        double en = Math.Round(m * n / (m + n), MidpointRounding.ToEven);
        return new TestOutcome(d, Math.Clamp(KolmogorovDistribution.Sf((int)en, d), 0, 1), "asymptotic");
    }

    /// <summary>Exact P(D >= d) under the null; D is first snapped to the lattice h / lcm(n1, n2).</summary>
    internal static bool TryExact(int n1, int n2, double d, out double snappedD, out double p)
    {
        long g = Gcd(n1, n2);
        long lcm = n1 / g * n2;
        long h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        snappedD = (double)h / lcm;
        p = 1.0;
        if (h == 0) return true;
        p = n1 == n2 ? ProbOutsideSquare(n1, h) : ProbOutsideInside(n1, n2, g, h);
        return p is >= 0 and <= 1;
    }

    /// <summary>P(D_{n,n} >= h/n) = 2 sum_k (-1)^(k+1) C(2n, n-kh) / C(2n, n), evaluated Horner-like from the
    /// innermost term so that the alternating sum does not cancel.</summary>
    internal static double ProbOutsideSquare(long n, long h)
    {
        double total = 0;
        for (long k = n / h; k >= 0; k--)
        {
            double ratio = 1.0;
            for (long j = 0; j < h; j++) ratio = (n - k * h - j) * ratio / (n + k * h + j + 1);
            total = ratio * (1.0 - total);
        }
        return 2 * total;
    }

    /// <summary>1 - (paths staying strictly inside |x/m - y/n| &lt; h/lcm) / C(m+n, n), computed column by column
    /// as a proportion directly (Viehmann 2021's recursion on Hodges' inside method), so no huge counts.</summary>
    private static double ProbOutsideInside(long m, long n, long g, long h)
    {
        if (m < n) (m, n) = (n, m);
        long mg = m / g, ng = n / g;
        long minj = 0, maxj = Math.Min((long)Math.Ceiling((double)h / mg), n + 1);
        long curlen = maxj - minj;
        var a = new double[Math.Min(2 * maxj + 2, n + 1)];
        Array.Fill(a, 1.0);
        for (long j = minj; j < maxj; j++) a[j] = 0.0;
        for (long i = 1; i <= m; i++)
        {
            long lastminj = minj, lastlen = curlen;
            minj = Math.Min(Math.Max((long)Math.Floor((double)(ng * i - h) / mg) + 1, 0), n);
            maxj = Math.Min((long)Math.Ceiling((double)(ng * i + h) / mg), n + 1);
            if (maxj <= minj) return 1.0;
            double val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                long j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen)
                for (long k = maxj - minj; k < Math.Min(maxj - minj + (lastlen - curlen), a.Length); k++) a[k] = 1;
        }
        return a[maxj - minj - 1];
    }

    internal static long Gcd(long a, long b) { while (b != 0) (a, b) = (b, a % b); return a; }
}
