namespace Workbooks.ModelOps.Profiles;

/// <summary>
/// Count, mean and sum of squared deviations of finite values: Welford's update for one value and the pairwise
/// merge of Chan, Golub and LeVeque 1979 (mean += δ n_b / n, M2 = M2_a + M2_b + δ² n_a n_b / n), so merged
/// and one-pass results agree to rounding.
/// </summary>
/// <example>
/// <code>
/// var a = new Moments(); a.Add(1); a.Add(2);
/// var b = new Moments(); b.Add(3); a.Merge(b);
/// Console.WriteLine($"{a.Mean} {a.Variance}");   // 2 0.6666666666666666
/// </code>
/// </example>
public struct Moments
{
    public long Count { get; private set; }
    public double Mean { get; private set; }
    /// <summary>Sum of squared deviations from the mean.</summary>
    public double M2 { get; private set; }
    /// <summary>Population variance (NaN when empty).</summary>
    public readonly double Variance => Count == 0 ? double.NaN : M2 / Count;
    /// <summary>Sample variance with n - 1 (NaN below two values).</summary>
    public readonly double SampleVariance => Count < 2 ? double.NaN : M2 / (Count - 1);

    public void Add(double x)
    {
        Count++;
        double d = x - Mean;
        Mean += d / Count;
        M2 += d * (x - Mean);
    }

    public void Merge(Moments other)
    {
        if (other.Count == 0) return;
        if (Count == 0) { this = other; return; }
        long n = Count + other.Count;
        double d = other.Mean - Mean;
        Mean += d * other.Count / n;
        M2 += other.M2 + d * d * ((double)Count * other.Count / n);
        Count = n;
    }

    internal static Moments Restore(long count, double mean, double m2) => new() { Count = count, Mean = mean, M2 = m2 };
}
