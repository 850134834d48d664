using MathNet.Numerics;

namespace Workbooks.ModelOps.Statistics;

/// <summary>Upper tails of the reference distributions, accurate far into the tail (relative accuracy
/// matters for small p-values).</summary>
public static class Distributions
{
    /// <summary>P(Z &gt; z) of the standard normal, via erfc (no cancellation in the tail).</summary>
    public static double NormalSf(double z) => 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2));

    /// <summary>P(X &gt; x) of chi-square with <paramref name="dof"/> degrees of freedom.</summary>
    public static double ChiSquareSf(double x, double dof)
    {
        if (double.IsPositiveInfinity(x)) return 0;
        if (x <= 0) return 1;
        return SpecialFunctions.GammaUpperRegularized(dof / 2, x / 2);
    }

    /// <summary>P(|T| &gt; |t|) of Student's t with <paramref name="dof"/> degrees of freedom (two-sided).</summary>
    public static double StudentTTwoSided(double t, double dof)
    {
        if (double.IsInfinity(t)) return 0;
        double x = dof / (dof + t * t);
        return SpecialFunctions.BetaRegularized(dof / 2, 0.5, x);
    }
}
