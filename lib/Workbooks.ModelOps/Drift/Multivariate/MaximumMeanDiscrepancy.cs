using System.Numerics.Tensors;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;

namespace Workbooks.ModelOps.Drift.Multivariate;

/// <summary>Settings of <see cref="MaximumMeanDiscrepancy"/>.</summary>
/// <example>
/// <code>
/// var o = new MmdOptions();
/// Console.WriteLine($"{o.Permutations} {o.MaxRowsPerSide} {o.Alpha}");
/// // prints: 200 1000 0.05
/// </code>
/// </example>
public sealed record MmdOptions
{
    /// <summary>Label permutations for the p-value. Default 200 (smallest attainable p is 1/201).</summary>
    public int Permutations { get; init; } = 200;
    /// <summary>Rows drawn (without replacement, seeded) from each side when it has more; the kernel
    /// matrix grows with the square of the rows. Default 1000.</summary>
    public int MaxRowsPerSide { get; init; } = 1000;
    public int Seed { get; init; } = 42;
    /// <summary>Drift when the p-value is below this. Default 0.05.</summary>
    public double Alpha { get; init; } = 0.05;
}

/// <summary>Result of an MMD two-sample test.</summary>
/// <example>
/// <code>
/// var r = new MmdResult(0.01, 0.02, 1.3, 200, 0.05, 500, 500, ["temp"]);
/// Console.WriteLine(r.DriftDetected);
/// // prints: True
/// </code>
/// </example>
/// <param name="Mmd2">Unbiased estimate of the squared MMD (can be slightly negative with no drift).</param>
/// <param name="PValue">Permutation p-value, (1 + #{permuted MMD² ≥ observed}) / (1 + permutations).</param>
/// <param name="Bandwidth">The RBF kernel's σ: k(a, b) = exp(-‖a - b‖² / (2σ²)).</param>
/// <param name="Permutations">Permutations behind the p-value.</param>
/// <param name="Alpha">Drift when the p-value is below this.</param>
/// <param name="ReferenceRows">Reference rows used (after sampling).</param>
/// <param name="CurrentRows">Current rows used (after sampling).</param>
/// <param name="Features">The encoded features the kernel saw.</param>
public sealed record MmdResult(double Mmd2, double PValue, double Bandwidth, int Permutations, double Alpha,
    int ReferenceRows, int CurrentRows, IReadOnlyList<string> Features) : Reporting.IHtmlRenderable
{
    public bool DriftDetected => PValue < Alpha;
    public string ToHtml() => Reporting.MultivariateHtml.Render(this);

    /// <summary>Writes a standalone HTML page of this result (plotly.min.js beside it, so it opens offline).</summary>
    public void SaveHtml(string path, string title = "MMD drift") => Reporting.MultivariateHtml.Save(path, title, ToHtml());
}

/// <summary>
/// Maximum mean discrepancy (Gretton et al., JMLR 13, 2012) between reference and current rows with a
/// Gaussian (RBF) kernel: the unbiased MMD² estimate, a bandwidth from the median heuristic (2σ² = the
/// median squared Euclidean distance between distinct rows of the pooled sample), and a seeded
/// permutation p-value. Tables are encoded first: imputed, categoricals one-hot, missingness as 0/1
/// features, everything standardized on the reference, so no column dominates by its units.
/// </summary>
/// <example>
/// <code>
/// var bike = DatasetCatalog.LoadTable("bike_sharing_hour");
/// var r = MaximumMeanDiscrepancy.Test(bike.Where("yr", 0).Where("mnth", 7), bike.Where("yr", 1).Where("mnth", 7), ["temp", "hum", "windspeed"]);
/// Console.WriteLine($"MMD² = {r.Mmd2:F4}, p = {r.PValue:F3}, drift: {r.DriftDetected}");
/// // prints: MMD² = 0.0065, p = 0.005, drift: True
/// </code>
/// </example>
public static class MaximumMeanDiscrepancy
{
    /// <summary>Tests whether <paramref name="current"/> comes from the same joint distribution of
    /// <paramref name="columns"/> as <paramref name="reference"/>.</summary>
    public static MmdResult Test(Table reference, Table current, IReadOnlyList<string> columns, MmdOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference); ArgumentNullException.ThrowIfNull(current);
        if (current.RowCount < 2) throw new ArgumentException($"{current.Source}: MMD needs at least 2 current rows; got {current.RowCount}.");
        if (reference.RowCount < 2) throw new ArgumentException($"{reference.Source}: MMD needs at least 2 reference rows; got {reference.RowCount}.");
        options ??= new MmdOptions();
        var encoder = FeatureEncoder.Fit(reference, columns, new FeatureEncoderOptions { Standardize = true, MissingIndicators = true }, current);
        var x = Sample(encoder.Transform(reference), encoder.Width, options.MaxRowsPerSide, options.Seed);
        var y = Sample(encoder.Transform(current), encoder.Width, options.MaxRowsPerSide, options.Seed + 1);
        var (mmd2, p, sigma) = Compute(x, y, encoder.Width, options.Permutations, options.Seed);
        return new MmdResult(mmd2, p, sigma, options.Permutations, options.Alpha,
            x.Length / encoder.Width, y.Length / encoder.Width, encoder.FeatureNames);
    }

    /// <summary>The test on numeric rows as they are (no encoding, no scaling): <paramref name="x"/> and
    /// <paramref name="y"/> are row-major matrices with <paramref name="dims"/> columns.</summary>
    public static MmdResult Test(double[] x, double[] y, int dims, MmdOptions? options = null)
    {
        options ??= new MmdOptions();
        CheckMatrix(x, dims, "reference"); CheckMatrix(y, dims, "current");
        var (mmd2, p, sigma) = Compute(x, y, dims, options.Permutations, options.Seed);
        return new MmdResult(mmd2, p, sigma, options.Permutations, options.Alpha, x.Length / dims, y.Length / dims,
            Enumerable.Range(0, dims).Select(i => $"x{i}").ToArray());
    }

    private static (double Mmd2, double PValue, double Sigma) Compute(double[] x, double[] y, int dims, int permutations, int seed)
    {
        if (permutations < 1) throw new ArgumentOutOfRangeException(nameof(permutations), permutations, "Use at least 1 permutation.");
        int m = x.Length / dims, n = y.Length / dims, total = m + n;
        var pooled = new double[total * dims];
        x.CopyTo(pooled, 0); y.CopyTo(pooled, x.Length);

        // Squared distances first, then the median of the distinct pairs, then the kernel in place.
        var k = new double[(long)total * total];
        var upper = new double[(long)total * (total - 1) / 2];
        long u = 0;
        for (int i = 0; i < total; i++)
        {
            var a = pooled.AsSpan(i * dims, dims);
            for (int j = i + 1; j < total; j++)
            {
                double d = SquaredDistance(a, pooled.AsSpan(j * dims, dims));
                k[(long)i * total + j] = d; k[(long)j * total + i] = d; upper[u++] = d;
            }
        }
        double median = Median(upper);
        if (median <= 0) median = upper.Length > 0 ? upper.Average() : 0; // many tied rows: fall back to the mean
        if (median <= 0) return (0.0, 1.0, 0.0);                          // every row identical: no evidence at all
        for (long i = 0; i < k.LongLength; i++) k[i] = Math.Exp(-k[i] / median);  // diagonal: exp(0) = 1

        var rowSums = new double[total];
        for (int i = 0; i < total; i++) rowSums[i] = TensorPrimitives.Sum(k.AsSpan(i * total, total));
        var inX = new double[total];
        for (int i = 0; i < m; i++) inX[i] = 1.0;
        var ku = new double[total];
        double observed = Mmd2(k, rowSums, inX, ku, m, n);

        var rng = new SeededRandom(seed);
        int atLeast = 0;
        for (int b = 0; b < permutations; b++)
        {
            rng.Shuffle(inX);
            if (Mmd2(k, rowSums, inX, ku, m, n) >= observed) atLeast++;
        }
        return (observed, (1.0 + atLeast) / (1.0 + permutations), Math.Sqrt(median / 2));
    }

    /// <summary>Unbiased MMD² for the split marked by <paramref name="inX"/> (1 = reference), from one
    /// matrix-vector product: with u = K·a, Σ_XX = a·u, Σ_XY = Σ_{i∈Y} u_i, Σ_YY = Σ_{i∈Y} (rowSum_i − u_i).</summary>
    private static double Mmd2(double[] k, double[] rowSums, double[] inX, double[] ku, int m, int n)
    {
        int total = m + n;
        for (int i = 0; i < total; i++) ku[i] = TensorPrimitives.Dot(k.AsSpan(i * total, total), inX);
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < total; i++)
        {
            if (inX[i] == 1.0) sxx += ku[i];
            else { sxy += ku[i]; syy += rowSums[i] - ku[i]; }
        }
        return FromSums(sxx, sxy, syy, m, n);
    }

    /// <summary>Unbiased MMD² from the kernel sums over X×X, X×Y and Y×Y (diagonals included; the GPU path shares it).</summary>
    internal static double FromSums(double sxx, double sxy, double syy, int m, int n) =>
        // Drop the diagonal (k(a, a) = 1) from the within-sample sums.
        (sxx - m) / ((double)m * (m - 1)) + (syy - n) / ((double)n * (n - 1)) - 2 * sxy / ((double)m * n);

    private static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int f = 0; f < a.Length; f++) { double d = a[f] - b[f]; s += d * d; }
        return s;
    }

    /// <summary>numpy's median: the mean of the two middle values for an even count. Reorders its input.</summary>
    internal static double Median(double[] values)
    {
        if (values.Length == 0) return 0;
        Array.Sort(values);
        int h = values.Length / 2;
        return values.Length % 2 == 1 ? values[h] : (values[h - 1] + values[h]) / 2;
    }

    private static double[] Sample(double[] matrix, int dims, int maxRows, int seed)
    {
        int rows = matrix.Length / dims;
        if (rows <= maxRows) return matrix;
        var order = Enumerable.Range(0, rows).ToArray();
        new SeededRandom(seed).Shuffle(order);
        var picked = order.AsSpan(0, maxRows).ToArray();
        Array.Sort(picked);
        var result = new double[maxRows * dims];
        for (int i = 0; i < maxRows; i++) matrix.AsSpan(picked[i] * dims, dims).CopyTo(result.AsSpan(i * dims));
        return result;
    }

    private static void CheckMatrix(double[] matrix, int dims, string side)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (dims < 1) throw new ArgumentOutOfRangeException(nameof(dims), dims, "Rows need at least one value.");
        if (matrix.Length % dims != 0) throw new ArgumentException($"The {side} matrix has {matrix.Length} values, not a multiple of {dims} columns.");
        if (matrix.Length / dims < 2) throw new ArgumentException($"MMD needs at least 2 {side} rows; got {matrix.Length / dims}.");
        int bad = Array.FindIndex(matrix, v => !double.IsFinite(v));
        if (bad >= 0) throw new ArgumentException($"The {side} matrix holds {matrix[bad]} at row {bad / dims}, column {bad % dims}; MMD needs finite numbers.");
    }
}
