namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Distances between the empirical CDFs of two sorted samples, in one merged walk: the Wasserstein-1
/// distance (SciPy's <c>wasserstein_distance</c>, integral of |U - V|) and the energy distance
/// (<c>energy_distance</c>, sqrt(2) times the L2 distance of the CDFs).
/// </summary>
/// <example>
/// <code>
/// var a = new double[] { 0, 1, 3 }; var b = new double[] { 5, 6, 8 };
/// Console.WriteLine($"{CdfDistances.Wasserstein(a, b)} {CdfDistances.Energy(a, b):F6}");   // 5 2.708013
/// </code>
/// </example>
public static class CdfDistances
{
    public static double Wasserstein(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB) => Integrate(sortedA, sortedB, squared: false);

    public static double Energy(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB) =>
        Math.Sqrt(2) * Math.Sqrt(Integrate(sortedA, sortedB, squared: true));

    /// <summary>Sum over consecutive pooled values of (gap) x |F_A - F_B| (or its square), with the ECDFs taken
    /// just right of the lower value. Kahan-compensated: a million gaps otherwise lose digits.</summary>
    private static double Integrate(ReadOnlySpan<double> a, ReadOnlySpan<double> b, bool squared)
    {
        int n = a.Length, m = b.Length;
        if (n == 0 || m == 0) throw new ArgumentException("CDF distances need at least one value on each side.");
        double invN = 1.0 / n, invM = 1.0 / m;
        int i = 0, j = 0;
        double sum = 0, comp = 0;
        double prev = Math.Min(a[0], b[0]);
        while (i < n || j < m)
        {
            double v = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j];
            if (v != prev)
            {
                // i, j: counts <= prev, i.e. the ECDFs on [prev, v).
                double diff = Math.Abs(i * invN - j * invM);
                double term = (v - prev) * (squared ? diff * diff : diff);
                double y = term - comp, t = sum + y;
                comp = (t - sum) - y; sum = t;
                prev = v;
            }
            while (i < n && a[i] == v) i++;
            while (j < m && b[j] == v) j++;
        }
        return sum;
    }

    /// <summary>Population standard deviation (numpy.std, ddof = 0).</summary>
    public static double PopulationStd(ReadOnlySpan<double> x)
    {
        if (x.IsEmpty) return 0;
        double mean = System.Numerics.Tensors.TensorPrimitives.Sum(x) / x.Length;
        double ss = 0, comp = 0;
        foreach (var v in x) { double d = v - mean; ss += d * d; comp += d; }
        return Math.Sqrt(Math.Max(0, (ss - comp * comp / x.Length) / x.Length));
    }
}
