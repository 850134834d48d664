using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using Workbooks.ModelOps.Drift.Multivariate;

namespace Workbooks.ModelOps.Gpu;

/// <summary>
/// <see cref="MaximumMeanDiscrepancy"/>'s test with the kernel matrix and every permutation on the device: the
/// pairwise squared distances (summed per pair in the same order as the CPU path), the median heuristic on the
/// host (a sort), the RBF kernel in place, then all permutations' products K·a at once (one thread per row and
/// permutation) and the within/between sums per permutation. The permutations are the CPU path's own (the same
/// seeded shuffles), so the statistic agrees to rounding and the p-value exactly.
/// </summary>
public static class MmdKernel
{
    public static MmdResult Test(GpuDevice device, double[] x, double[] y, int dims, MmdOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(device); ArgumentNullException.ThrowIfNull(x); ArgumentNullException.ThrowIfNull(y);
        options ??= new MmdOptions();
        if (dims < 1 || x.Length % dims != 0 || y.Length % dims != 0 || x.Length / dims < 2 || y.Length / dims < 2)
            throw new ArgumentException($"MMD needs at least 2 rows a side of {dims} columns; got {x.Length} and {y.Length} values.");
        if (options.Permutations < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Permutations, "Use at least 1 permutation.");
        int m = x.Length / dims, n = y.Length / dims, total = m + n, perms = options.Permutations;
        var a = device.Accelerator;
        var pooled = new double[total * dims];
        x.CopyTo(pooled, 0); y.CopyTo(pooled, x.Length);
        using var points = a.Allocate1D(pooled);
        using var k = a.Allocate1D<double>((long)total * total);
        a.LoadAutoGroupedStreamKernel<Index2D, ArrayView<double>, int, int, ArrayView<double>>(Distances)(new Index2D(total, total), points.View, dims, total, k.View);
        a.Synchronize();

        // The median of the distinct pairs' distances, exactly as the CPU path takes it.
        var full = new double[(long)total * total];
        ((ArrayView<double>)k.View).CopyToCPU(full);
        var upper = new double[(long)total * (total - 1) / 2];
        long u = 0;
        for (int i = 0; i < total; i++) for (int j = i + 1; j < total; j++) upper[u++] = full[(long)i * total + j];
        double median = MaximumMeanDiscrepancy.MedianBandwidth(upper);
        var names = Enumerable.Range(0, dims).Select(i => $"x{i}").ToArray();
        if (median <= 0) return new MmdResult(0.0, 1.0, 0.0, perms, options.Alpha, m, n, names);
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, double>(Rbf)((int)Math.Min(int.MaxValue, k.Length), k.View, median);

        // Column 0 is the observed split, then each permutation: the CPU path's shuffles of the same array, in order.
        var labels = MaximumMeanDiscrepancy.SplitLabels(m, n, perms, options.Seed);
        using var labelBuffer = a.Allocate1D(labels);
        using var ku = a.Allocate1D<double>((long)(perms + 1) * total);
        using var rowSums = a.Allocate1D<double>(total);
        using var sums = a.Allocate1D<double>((long)(perms + 1) * 3);
        a.LoadAutoGroupedStreamKernel<Index2D, ArrayView<double>, ArrayView<double>, int, ArrayView<double>>(Products)(new Index2D(total, perms + 1), k.View, labelBuffer.View, total, ku.View);
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, int, ArrayView<double>>(RowSums)(total, k.View, total, rowSums.View);
        a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, ArrayView<double>>(SplitSums)(perms + 1, ku.View, labelBuffer.View, rowSums.View, total, sums.View);
        a.Synchronize();
        var host = sums.GetAsArray1D();
        double observed = MaximumMeanDiscrepancy.FromSums(host[0], host[1], host[2], m, n);
        int atLeast = 0;
        for (int b = 1; b <= perms; b++)
            if (MaximumMeanDiscrepancy.FromSums(host[3 * b], host[3 * b + 1], host[3 * b + 2], m, n) >= observed) atLeast++;
        return new MmdResult(observed, (1.0 + atLeast) / (1.0 + perms), Math.Sqrt(median / 2), perms, options.Alpha, m, n, names);
    }

    private static void Distances(Index2D index, ArrayView<double> points, int dims, int total, ArrayView<double> k)
    {
        int i = index.X, j = index.Y;
        double s = 0;
        for (int f = 0; f < dims; f++) { double d = points[(long)i * dims + f] - points[(long)j * dims + f]; s += d * d; }
        k[(long)i * total + j] = i == j ? 0 : s;
    }

    private static void Rbf(Index1D i, ArrayView<double> k, double median)
    {
        for (long at = i; at < k.Length; at += int.MaxValue) k[at] = XMath.Exp(-k[at] / median);
    }

    // ku[b, i] = Σ_j K[i, j]·a_b[j]
    private static void Products(Index2D index, ArrayView<double> k, ArrayView<double> labels, int total, ArrayView<double> ku)
    {
        int i = index.X, b = index.Y;
        double s = 0;
        long row = (long)i * total, col = (long)b * total;
        for (int j = 0; j < total; j++) s += k[row + j] * labels[col + j];
        ku[col + i] = s;
    }

    private static void RowSums(Index1D i, ArrayView<double> k, int total, ArrayView<double> rowSums)
    {
        double s = 0;
        for (int j = 0; j < total; j++) s += k[(long)(int)i * total + j];
        rowSums[i] = s;
    }

    // Σ_XX = Σ_{i∈X} u_i, Σ_XY = Σ_{i∈Y} u_i, Σ_YY = Σ_{i∈Y} (rowSum_i − u_i), with u = K·a
    private static void SplitSums(Index1D b, ArrayView<double> ku, ArrayView<double> labels, ArrayView<double> rowSums, int total, ArrayView<double> sums)
    {
        double sxx = 0, sxy = 0, syy = 0;
        long col = (long)(int)b * total;
        for (int i = 0; i < total; i++)
        {
            double u = ku[col + i];
            if (labels[col + i] == 1.0) sxx += u;
            else { sxy += u; syy += rowSums[i] - u; }
        }
        sums[3 * (long)(int)b] = sxx; sums[3 * (long)(int)b + 1] = sxy; sums[3 * (long)(int)b + 2] = syy;
    }
}
