using System.Numerics.Tensors;

namespace Workbooks.ModelOps.Drift.Multivariate;

/// <summary>
/// The RBF kernel matrix of MMD's pooled sample kept as its strict upper triangle, packed row by row: the matrix
/// is symmetric with exp(0) = 1 on the diagonal, so half of it says everything (400 MB for 10k rows, not 800 MB).
/// A split's statistic needs only W = Σ_{i&lt;j; i, j ∈ X} K_ij and the row sums (<see cref="RowSums"/>), and W for
/// hundreds of splits is computed in one blocked pass (<see cref="WithinSums"/>): a tile of rows and columns is
/// read once from memory and used for every split while it sits in cache, instead of one pass over the whole
/// matrix per permutation, which made 5k x 5k with 500 permutations memory-bound (minutes). No BLAS in the pinned
/// packages does a masked triangular product like this, hence the hand-written loop over TensorPrimitives.Dot.
/// </summary>
internal sealed class PackedKernelMatrix
{
    // 64 rows x 512 columns of doubles is 256 KB: the tile stays in L2 while every split's labels pass over it.
    private const int RowBlock = 64, ColumnBlock = 512;
    private readonly double[] _upper;

    private PackedKernelMatrix(double[] upper, int total) { _upper = upper; Total = total; }

    /// <summary>Rows of the pooled sample (the matrix is Total x Total).</summary>
    public int Total { get; }

    /// <summary>Where row <paramref name="i"/>'s K[i, i+1 .. Total) starts in the packed array.</summary>
    private int RowStart(int i) => (int)((long)i * (2L * Total - i - 1) / 2);

    /// <summary>Squared Euclidean distances of every distinct pair of the row-major <paramref name="pooled"/> rows,
    /// summed per pair in feature order (as the GPU kernel does), in packed order: K[0,1], K[0,2], …, K[1,2], ….</summary>
    public static double[] SquaredDistances(double[] pooled, int dims)
    {
        int total = pooled.Length / dims;
        long pairs = (long)total * (total - 1) / 2;
        if (pairs > Array.MaxLength)
            throw new ArgumentException($"MMD on {total:N0} pooled rows needs {pairs:N0} kernel entries, more than one array holds; sample fewer rows (MmdOptions.MaxRowsPerSide).");
        var upper = new double[pairs];
        var shape = new PackedKernelMatrix(upper, total);
        Parallel.For(0, total - 1, i =>
        {
            var a = pooled.AsSpan(i * dims, dims);
            var row = upper.AsSpan(shape.RowStart(i), total - i - 1);
            for (int j = i + 1; j < total; j++)
            {
                var b = pooled.AsSpan(j * dims, dims);
                double s = 0;
                for (int f = 0; f < dims; f++) { double d = a[f] - b[f]; s += d * d; }
                row[j - i - 1] = s;
            }
        });
        return upper;
    }

    /// <summary>Turns packed squared distances into the RBF kernel exp(-d / (2σ²)) in place; <paramref name="median"/> is 2σ².</summary>
    public static PackedKernelMatrix Rbf(double[] squaredDistances, int total, double median)
    {
        const int chunk = 1 << 16;
        Parallel.For(0, (int)((squaredDistances.LongLength + chunk - 1) / chunk), c =>
        {
            var part = squaredDistances.AsSpan(c * chunk, (int)Math.Min(chunk, squaredDistances.LongLength - (long)c * chunk));
            for (int i = 0; i < part.Length; i++) part[i] = Math.Exp(-part[i] / median);
        });
        return new PackedKernelMatrix(squaredDistances, total);
    }

    /// <summary>Σ_j K_ij for every row, the diagonal's 1 included.</summary>
    public double[] RowSums()
    {
        var sums = new double[Total];
        var below = new double[Total];   // Σ_{j<i} K_ji, gathered row by row (K is symmetric)
        for (int i = 0; i < Total - 1; i++)
        {
            var row = _upper.AsSpan(RowStart(i), Total - i - 1);
            sums[i] = TensorPrimitives.Sum(row);
            TensorPrimitives.Add(below.AsSpan(i + 1), row, below.AsSpan(i + 1));
        }
        for (int i = 0; i < Total; i++) sums[i] += 1.0 + below[i];
        return sums;
    }

    /// <summary>W_b = Σ_{i&lt;j} a_b[i]·a_b[j]·K_ij for every 0/1 label vector a_b, stored one after another in
    /// <paramref name="labels"/> (Total values each). Rows outside X are skipped, so half the matrix is read per split.
    /// Tiles are summed in a fixed order whatever the threads do, so the result is the same run to run.</summary>
    public double[] WithinSums(double[] labels, int splits)
    {
        int groups = (Total + RowBlock - 1) / RowBlock;
        var partial = new double[(long)groups * splits];
        // The first row groups have the longest rows: handing groups out one at a time keeps the cores equally busy.
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, groups, 1), range =>
        {
            for (int g = range.Item1; g < range.Item2; g++) WithinSumsOfRows(labels, splits, g, partial.AsSpan(g * splits, splits));
        });
        var sums = new double[splits];
        for (int g = 0; g < groups; g++) TensorPrimitives.Add(sums, partial.AsSpan(g * splits, splits), sums);
        return sums;
    }

    private void WithinSumsOfRows(double[] labels, int splits, int group, Span<double> sums)
    {
        int i0 = group * RowBlock, i1 = Math.Min(Total, i0 + RowBlock);
        for (int j0 = i0 + 1; j0 < Total; j0 += ColumnBlock)
        {
            int j1 = Math.Min(Total, j0 + ColumnBlock);
            for (int b = 0; b < splits; b++)
            {
                var a = labels.AsSpan(b * Total, Total);
                double s = 0;
                for (int i = i0; i < i1; i++)
                {
                    int from = Math.Max(j0, i + 1);
                    if (a[i] == 0 || from >= j1) continue;
                    s += TensorPrimitives.Dot(_upper.AsSpan(RowStart(i) + from - i - 1, j1 - from), a[from..j1]);
                }
                sums[b] += s;
            }
        }
    }
}
