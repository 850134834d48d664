using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// The fast evaluator of a <see cref="TreeEnsembleArrays"/>: every node (leaves too) is one 16-byte record, a
/// leaf points to itself, and the trees are walked four at a time until all four reach a leaf, choosing the child
/// by arithmetic instead of a branch: a row costs one loop branch per level instead of a data-dependent branch per
/// node, and four independent chains of loads overlap. Written here because ML.NET walks one tree at a time with a
/// data-dependent branch per node, and no .NET library compiles ML.NET's trees. Numerical splits only: an ensemble
/// with categorical splits keeps <see cref="TreeEnsembleArrays.Output"/>. The sum adds the trees in order, so it
/// equals <see cref="TreeEnsembleArrays.Output"/> exactly.
/// </summary>
internal sealed class FlatForest
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Node
    {
        public int Feature;
        public float Threshold;
        public int Left, Right;   // adjacent: the child is Unsafe.Add(ref Left, goRight)
    }

    private readonly Node[] _nodes;
    private readonly double[] _value;   // leaf value by node index (0 for a split)
    private readonly int[] _roots;
    private readonly int _splits;       // nodes below this index are splits, the rest leaves
    private readonly int[] _depth;      // each tree's deepest leaf: steps that bring any row to its leaf

    private FlatForest(Node[] nodes, double[] value, int[] roots, int splits, int[] depth)
    {
        _nodes = nodes; _value = value; _roots = roots; _splits = splits; _depth = depth;
    }

    /// <summary>The forest of <paramref name="trees"/>, or null when a split is categorical.</summary>
    public static FlatForest? From(TreeEnsembleArrays trees)
    {
        if (trees.Feature.Any(f => f < 0)) return null;
        int splits = trees.NodeCount;
        var nodes = new Node[splits + trees.LeafCount];
        var value = new double[nodes.Length];
        int Index(int child) => child >= 0 ? child : splits + ~child;
        for (int n = 0; n < splits; n++)
            nodes[n] = new Node { Feature = trees.Feature[n], Threshold = trees.Threshold[n], Left = Index(trees.Left[n]), Right = Index(trees.Right[n]) };
        for (int l = 0; l < trees.LeafCount; l++)
        {
            int n = splits + l;
            nodes[n] = new Node { Feature = 0, Threshold = float.PositiveInfinity, Left = n, Right = n };
            value[n] = trees.Leaf[l];
        }
        int Depth(int node) => node < 0 ? 0 : 1 + Math.Max(Depth(trees.Left[node]), Depth(trees.Right[node]));
        return new FlatForest(nodes, value, trees.Roots.Select(Index).ToArray(), splits, trees.Roots.Select(Depth).ToArray());
    }

    /// <summary>The sum of the trees' outputs, in tree order. <paramref name="features"/> must hold every feature a split reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Output(ReadOnlySpan<float> features)
    {
        ref Node nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref float x = ref MemoryMarshal.GetReference(features);
        var roots = _roots; var value = _value;
        double sum = 0;
        int t = 0;
        int splits = _splits;
        for (; t + 4 <= roots.Length; t += 4)
        {
            int a = roots[t], b = roots[t + 1], c = roots[t + 2], d = roots[t + 3];
            // Leaves are the indices from `splits` on: step until all four walks reach one (one loop branch per level).
            while (((a - splits) | (b - splits) | (c - splits) | (d - splits)) < 0)
            {
                a = Step(ref nodes, ref x, a); b = Step(ref nodes, ref x, b);
                c = Step(ref nodes, ref x, c); d = Step(ref nodes, ref x, d);
            }
            sum += value[a]; sum += value[b]; sum += value[c]; sum += value[d];
        }
        for (; t < roots.Length; t++)
        {
            int a = roots[t];
            while (a < splits) a = Step(ref nodes, ref x, a);
            sum += value[a];
        }
        return sum;
    }

    /// <summary>Adds each tree's output, tree by tree, to <paramref name="sums"/>[r] for the rows of <paramref name="features"/>
    /// (row-major, <paramref name="stride"/> values a row): per row the trees are added in order, so each sum equals
    /// <see cref="Output"/>'s. One tree at a time over the block keeps its nodes in L1; eight rows walk it at once, each
    /// for the tree's full depth (a leaf steps to itself), so there is no data-dependent branch at all.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddOutputs(ReadOnlySpan<float> features, int stride, Span<double> sums)
    {
        ref Node nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref float x = ref MemoryMarshal.GetReference(features);
        ref double sum = ref MemoryMarshal.GetReference(sums);
        var value = _value;
        int rows = sums.Length;
        for (int t = 0; t < _roots.Length; t++)
        {
            int root = _roots[t], depth = _depth[t], r = 0;
            for (; r + 8 <= rows; r += 8)
            {
                ref float x0 = ref Unsafe.Add(ref x, r * stride);
                int a = root, b = root, c = root, d = root, e = root, f = root, g = root, h = root;
                for (int level = 0; level < depth; level++)
                {
                    a = Step(ref nodes, ref x0, a); b = Step(ref nodes, ref Unsafe.Add(ref x0, stride), b);
                    c = Step(ref nodes, ref Unsafe.Add(ref x0, 2 * stride), c); d = Step(ref nodes, ref Unsafe.Add(ref x0, 3 * stride), d);
                    e = Step(ref nodes, ref Unsafe.Add(ref x0, 4 * stride), e); f = Step(ref nodes, ref Unsafe.Add(ref x0, 5 * stride), f);
                    g = Step(ref nodes, ref Unsafe.Add(ref x0, 6 * stride), g); h = Step(ref nodes, ref Unsafe.Add(ref x0, 7 * stride), h);
                }
                ref double s = ref Unsafe.Add(ref sum, r);
                s += value[a]; Unsafe.Add(ref s, 1) += value[b]; Unsafe.Add(ref s, 2) += value[c]; Unsafe.Add(ref s, 3) += value[d];
                Unsafe.Add(ref s, 4) += value[e]; Unsafe.Add(ref s, 5) += value[f]; Unsafe.Add(ref s, 6) += value[g]; Unsafe.Add(ref s, 7) += value[h];
            }
            for (; r < rows; r++)
            {
                int a = root;
                ref float xr = ref Unsafe.Add(ref x, r * stride);
                for (int level = 0; level < depth; level++) a = Step(ref nodes, ref xr, a);
                Unsafe.Add(ref sum, r) += value[a];
            }
        }
    }

    // One level down: right when the feature is not ≤ the threshold (NaN goes right, as in ML.NET); a leaf stays put.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref Node nodes, ref float x, int node)
    {
        ref Node n = ref Unsafe.Add(ref nodes, node);
        bool right = !(Unsafe.Add(ref x, n.Feature) <= n.Threshold);
        return Unsafe.Add(ref n.Left, Unsafe.As<bool, byte>(ref right));
    }
}
