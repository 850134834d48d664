namespace Workbooks.ModelOps.Profiles.Drift;

/// <summary>A share known to lie in [Low, High], with its point estimate.</summary>
public readonly record struct ShareInterval(double Estimate, double Low, double High)
{
    public static ShareInterval Exact(double v) => new(v, v, v);

    /// <summary>The estimate ± error, clipped to [0, 1].</summary>
    public static ShareInterval Around(double estimate, double error) =>
        new(estimate, Math.Max(0, estimate - error), Math.Min(1, estimate + error));
}

/// <summary>
/// Range of Σ_i f(p_i, q_i) when each p_i and q_i is only known to lie in an interval and f is jointly convex
/// (every per-bin term of PSI, KL, Jensen-Shannon, Pearson chi-square and -sqrt(pq) is: they are perspectives of
/// convex functions). The maximum of a convex function over a box is at a corner; the minimum is found by
/// nested ternary search, valid because min over q of a jointly convex f is convex in p. The sum constraints
/// (shares add to 1) are ignored, which can only widen the range: the result is a sound, slightly loose bound.
/// </summary>
public static class ConvexBounds
{
    private const int Iterations = 60;

    public static (double Low, double High) Sum(IReadOnlyList<ShareInterval> p, IReadOnlyList<ShareInterval> q, Func<double, double, double> term)
    {
        double low = 0, high = 0;
        for (int i = 0; i < p.Count; i++)
        {
            var (a, b) = (p[i], q[i]);
            high += Max(term(a.Low, b.Low), term(a.Low, b.High), term(a.High, b.Low), term(a.High, b.High));
            low += MinOverBox(a.Low, a.High, b.Low, b.High, term);
        }
        return (low, high);
    }

    private static double Max(params double[] v) => v.Max();

    private static double MinOverBox(double p0, double p1, double q0, double q1, Func<double, double, double> f)
    {
        double Inner(double p) => Ternary(q0, q1, q => f(p, q));
        return Ternary(p0, p1, Inner);
    }

    private static double Ternary(double lo, double hi, Func<double, double> g)
    {
        if (hi <= lo) return g(lo);
        for (int i = 0; i < Iterations; i++)
        {
            double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
            if (g(m1) <= g(m2)) hi = m2; else lo = m1;
        }
        // The ends too: the minimum of a convex function over an interval may sit on either end.
        return Math.Min(g((lo + hi) / 2), Math.Min(g(lo), g(hi)));
    }
}
