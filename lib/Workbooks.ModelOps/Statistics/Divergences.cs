namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Divergences between two vectors of bin shares (same bins, each summing to 1 or to the share of values
/// that fell in a bin). Natural logarithms throughout.
/// </summary>
/// <example>
/// <code>
/// double[] r = [0.5, 0.5], c = [0.9, 0.1];
/// Console.WriteLine($"{Divergences.Psi(r, c):F6} {Divergences.TotalVariation(r, c):F1}");   // 0.878890 0.4
/// </code>
/// </example>
public static class Divergences
{
    /// <summary>Population stability index sum (r - c) ln(r / c); shares must be non-zero (fill them first).</summary>
    public static double Psi(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        Check(reference, current);
        double s = 0;
        for (int i = 0; i < reference.Length; i++) s += (reference[i] - current[i]) * Math.Log(reference[i] / current[i]);
        return s;
    }

    /// <summary>Kullback-Leibler divergence as <c>scipy.stats.entropy(r, c)</c>: both vectors renormalised to sum 1,
    /// then sum r ln(r / c) (0 where r = 0, +Infinity where c = 0 &lt; r).</summary>
    public static double KullbackLeibler(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        Check(reference, current);
        double sr = Sum(reference), sc = Sum(current), s = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double p = reference[i] / sr, q = current[i] / sc;
            if (p == 0) continue;
            if (q == 0) return double.PositiveInfinity;
            s += p * Math.Log(p / q);
        }
        return s;
    }

    /// <summary>Jensen-Shannon distance as <c>scipy.spatial.distance.jensenshannon(r, c)</c>: the square root of the
    /// mean KL divergence of each renormalised vector to their mixture (natural log).</summary>
    public static double JensenShannon(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        Check(reference, current);
        double sr = Sum(reference), sc = Sum(current), js = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double p = reference[i] / sr, q = current[i] / sc, m = (p + q) / 2;
            if (p > 0) js += p * Math.Log(p / m);
            if (q > 0) js += q * Math.Log(q / m);
        }
        return Math.Sqrt(Math.Max(0, js / 2));
    }

    /// <summary>Hellinger distance sqrt(1 - sum sqrt(r c)), the Bhattacharyya coefficient clipped to [0, 1]
    /// as Evidently does.</summary>
    public static double Hellinger(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        Check(reference, current);
        double bc = 0;
        for (int i = 0; i < reference.Length; i++) bc += Math.Sqrt(reference[i] * current[i]);
        return Math.Sqrt(1 - Math.Clamp(bc, 0, 1));
    }

    /// <summary>Total variation distance 0.5 sum |r - c|.</summary>
    public static double TotalVariation(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        Check(reference, current);
        double s = 0;
        for (int i = 0; i < reference.Length; i++) s += Math.Abs(reference[i] - current[i]);
        return 0.5 * s;
    }

    private static double Sum(ReadOnlySpan<double> x) { double s = 0; foreach (var v in x) s += v; return s; }

    private static void Check(ReadOnlySpan<double> r, ReadOnlySpan<double> c)
    {
        if (r.Length != c.Length) throw new ArgumentException($"Share vectors differ in length ({r.Length} and {c.Length}).");
    }
}
