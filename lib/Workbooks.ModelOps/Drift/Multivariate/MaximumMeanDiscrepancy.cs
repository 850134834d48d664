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

        // Squared distances first, then the median of the distinct pairs (on a copy: selection reorders), then the kernel in place.
        var distances = PackedKernelMatrix.SquaredDistances(pooled, dims);
        double median = MedianBandwidth((double[])distances.Clone());
        if (median <= 0) return (0.0, 1.0, 0.0);                          // every row identical: no evidence at all
        var k = PackedKernelMatrix.Rbf(distances, total, median);

        // Split 0 is the observed one, then every permutation; all their within-X sums in one pass over K.
        var labels = SplitLabels(m, n, permutations, seed);
        var within = k.WithinSums(labels, permutations + 1);
        var rowSums = k.RowSums();
        double all = 0;
        foreach (var s in rowSums) all += s;
        double Statistic(int b) => FromSplit(within[b], TensorPrimitives.Dot(rowSums, labels.AsSpan(b * total, total)), all, m, n);
        double observed = Statistic(0);
        int atLeast = 0;
        for (int b = 1; b <= permutations; b++)
            if (Statistic(b) >= observed) atLeast++;
        return (observed, (1.0 + atLeast) / (1.0 + permutations), Math.Sqrt(median / 2));
    }

    /// <summary>The 0/1 labels (1 = reference) of the observed split followed by <paramref name="permutations"/>
    /// seeded shuffles, each of the previous one, m + n values per split. The GPU path uses the same splits.</summary>
    internal static double[] SplitLabels(int m, int n, int permutations, int seed)
    {
        int total = m + n;
        var labels = new double[(long)(permutations + 1) * total];
        var inX = new double[total];
        for (int i = 0; i < m; i++) inX[i] = 1.0;
        inX.CopyTo(labels, 0);
        var rng = new SeededRandom(seed);
        for (int b = 1; b <= permutations; b++) { rng.Shuffle(inX); inX.CopyTo(labels, (long)b * total); }
        return labels;
    }

    /// <summary>2σ² by the median heuristic from the distinct pairs' squared distances (reordered), with the mean
    /// as the fallback when over half the pairs are tied at 0; 0 when every row is identical.</summary>
    internal static double MedianBandwidth(double[] squaredDistances)
    {
        double median = Median(squaredDistances);
        if (median <= 0 && squaredDistances.Length > 0) median = TensorPrimitives.Sum(squaredDistances) / squaredDistances.Length;
        return Math.Max(median, 0);
    }

    /// <summary>Unbiased MMD² of a split from W = Σ_{i&lt;j in X} K_ij, R = Σ_{i∈X} rowSum_i and the sum of all of K:
    /// Σ_XX = m + 2W (the diagonal is 1), Σ_XY = R − Σ_XX, Σ_YY = all − 2R + Σ_XX.</summary>
    private static double FromSplit(double within, double rowSumsInX, double all, int m, int n)
    {
        double sxx = m + 2 * within;
        return FromSums(sxx, rowSumsInX - sxx, all - 2 * rowSumsInX + sxx, m, n);
    }

    /// <summary>Unbiased MMD² from the kernel sums over X×X, X×Y and Y×Y (diagonals included; the GPU path shares it).</summary>
    internal static double FromSums(double sxx, double sxy, double syy, int m, int n) =>
        // Drop the diagonal (k(a, a) = 1) from the within-sample sums.
        (sxx - m) / ((double)m * (m - 1)) + (syy - n) / ((double)n * (n - 1)) - 2 * sxy / ((double)m * n);

    /// <summary>numpy's median: the mean of the two middle values for an even count. Reorders its input; a
    /// selection, not a sort (50 million pairs at 10k rows: a sort took seconds).</summary>
    internal static double Median(double[] values)
    {
        if (values.Length == 0) return 0;
        int h = values.Length / 2;
        double upper = Select(values, h);
        return values.Length % 2 == 1 ? upper : (TensorPrimitives.Max(values.AsSpan(0, h)) + upper) / 2;
    }

    /// <summary>Hoare's quickselect: puts the k-th smallest value at <paramref name="k"/>, smaller-or-equal ones before it,
    /// larger-or-equal after. .NET has no nth_element; the pivot is the median of three, enough for distances.</summary>
    private static double Select(double[] a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (hi > lo)
        {
            double p0 = a[lo], p1 = a[lo + (hi - lo) / 2], p2 = a[hi];
            double pivot = Math.Max(Math.Min(p0, p1), Math.Min(Math.Max(p0, p1), p2));
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) { (a[i], a[j]) = (a[j], a[i]); i++; j--; }
            }
            if (k <= j) hi = j;          // [lo, j] ≤ pivot ≤ [i, hi]; between j and i every value equals the pivot
            else if (k >= i) lo = i;
            else break;
        }
        return a[k];
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
