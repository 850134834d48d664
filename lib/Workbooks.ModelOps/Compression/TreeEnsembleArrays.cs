using Microsoft.ML.Trainers.FastTree;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// One boosted tree ensemble as flat arrays: every tree's internal nodes lie one after another in
/// <see cref="Feature"/>, <see cref="Threshold"/>, <see cref="Left"/> and <see cref="Right"/>, every leaf in
/// <see cref="Leaf"/>. A child index ≥ 0 is a node, a negative one is <c>~leaf</c>; <see cref="Roots"/> holds each
/// tree's first index (a one-leaf tree is a root that is already a leaf). A numerical split sends a row left when
/// its feature is ≤ the threshold (as ML.NET's trees do, so NaN goes right); a categorical split (<see cref="Feature"/>
/// negative, <c>~set</c>) sends it right when any feature of <see cref="SetFeatures"/>[<see cref="SetStart"/>[set]..]
/// is positive. Read from ML.NET's public tree parameters (<see cref="RegressionTreeBase"/>), evaluated here
/// because ML.NET's own scoring goes through VBuffers, delegates and a row cursor per call.
/// </summary>
public sealed class TreeEnsembleArrays
{
    public TreeEnsembleArrays(int[] roots, int[] feature, float[] threshold, int[] left, int[] right, double[] leaf, int[] setStart, int[] setFeatures)
    {
        Roots = roots; Feature = feature; Threshold = threshold; Left = left; Right = right; Leaf = leaf; SetStart = setStart; SetFeatures = setFeatures;
    }

    public int[] Roots { get; }
    public int[] Feature { get; }
    public float[] Threshold { get; }
    public int[] Left { get; }
    public int[] Right { get; }
    public double[] Leaf { get; }
    /// <summary>Start of each categorical split's feature set in <see cref="SetFeatures"/> (one more entry than sets).</summary>
    public int[] SetStart { get; }
    public int[] SetFeatures { get; }

    public int TreeCount => Roots.Length;
    public int NodeCount => Feature.Length;
    public int LeafCount => Leaf.Length;
    /// <summary>The largest feature index a split reads, or -1 when none does.</summary>
    public int MaxFeature => Math.Max(Feature.DefaultIfEmpty(-1).Max(), SetFeatures.DefaultIfEmpty(-1).Max());

    /// <summary>Bytes the arrays take (what the compiled form costs in memory and, written raw, on disk).</summary>
    public long Bytes => 4L * (Roots.Length + Feature.Length + Threshold.Length + Left.Length + Right.Length + SetStart.Length + SetFeatures.Length) + 8L * Leaf.Length;

    /// <summary>Reads ML.NET's trees in order. Tree weights and the ensemble bias are not applied, as ML.NET's own
    /// scoring (<c>InternalTreeEnsemble.GetOutput</c>) does not apply them either: leaf values already carry the shrinkage.</summary>
    public static TreeEnsembleArrays From(IEnumerable<RegressionTreeBase> trees)
    {
        var roots = new List<int>(); var feature = new List<int>(); var threshold = new List<float>();
        var left = new List<int>(); var right = new List<int>(); var leaf = new List<double>();
        var setStart = new List<int> { 0 }; var setFeatures = new List<int>();
        foreach (var tree in trees)
        {
            int nodeBase = feature.Count, leafBase = leaf.Count;
            leaf.AddRange(tree.LeafValues);
            if (tree.NumberOfNodes == 0)
            {
                // ML.NET scores a tree without splits as 0 (its GetOutput checks LteChild[0] == 0), whatever its leaf holds.
                if (leaf.Count == leafBase) leaf.Add(0); else leaf[leafBase] = 0;
                roots.Add(~leafBase);
                continue;
            }
            roots.Add(nodeBase);
            for (int n = 0; n < tree.NumberOfNodes; n++)
            {
                if (tree.CategoricalSplitFlags.Count > n && tree.CategoricalSplitFlags[n])
                {
                    feature.Add(~(setStart.Count - 1));
                    setFeatures.AddRange(tree.GetCategoricalSplitFeaturesAt(n));
                    setStart.Add(setFeatures.Count);
                }
                else feature.Add(tree.NumericalSplitFeatureIndexes[n]);
                threshold.Add(tree.NumericalSplitThresholds[n]);
                left.Add(Child(tree.LeftChild[n]));
                right.Add(Child(tree.RightChild[n]));
            }
            int Child(int c) => c >= 0 ? nodeBase + c : ~(leafBase + ~c);
        }
        return new([.. roots], [.. feature], [.. threshold], [.. left], [.. right], [.. leaf], [.. setStart], [.. setFeatures]);
    }

    /// <summary>The sum of the trees' outputs for one prepared feature vector, added in tree order as ML.NET does.</summary>
    public double Output(ReadOnlySpan<float> features)
    {
        double sum = 0;
        var roots = Roots;
        for (int t = 0; t < roots.Length; t++) sum += Leaf[~Descend(roots[t], features)];
        return sum;
    }

    /// <summary>The leaf (as <c>~leaf</c>) that <paramref name="features"/> reaches from <paramref name="node"/>.</summary>
    public int Descend(int node, ReadOnlySpan<float> features)
    {
        var feature = Feature; var threshold = Threshold; var left = Left; var right = Right;
        while (node >= 0)
        {
            int f = feature[node];
            bool goLeft = f >= 0 ? features[f] <= threshold[node] : !AnyPositive(~f, features);
            node = goLeft ? left[node] : right[node];
        }
        return node;
    }

    private bool AnyPositive(int set, ReadOnlySpan<float> features)
    {
        for (int i = SetStart[set]; i < SetStart[set + 1]; i++)
            if (features[SetFeatures[i]] > 0) return true;
        return false;
    }

    /// <summary>The ensemble of the trees at <paramref name="trees"/> (in the order given), e.g. its first K. Each node
    /// in <paramref name="collapsed"/> becomes a leaf with the value given (its subtree dropped).</summary>
    public TreeEnsembleArrays Subset(IReadOnlyList<int> trees, IReadOnlyDictionary<int, double>? collapsed = null)
    {
        var roots = new int[trees.Count]; var feature = new List<int>(); var threshold = new List<float>();
        var left = new List<int>(); var right = new List<int>(); var leaf = new List<double>();
        var setStart = new List<int> { 0 }; var setFeatures = new List<int>();
        for (int i = 0; i < trees.Count; i++)
        {
            var map = new Dictionary<int, int>(); var leafMap = new Dictionary<int, int>();
            roots[i] = Copy(Roots[trees[i]]);
            int Copy(int node)
            {
                if (node < 0)
                {
                    if (!leafMap.TryGetValue(~node, out int l)) { l = leaf.Count; leaf.Add(Leaf[~node]); leafMap[~node] = l; }
                    return ~l;
                }
                if (collapsed is not null && collapsed.TryGetValue(node, out double value)) { leaf.Add(value); return ~(leaf.Count - 1); }
                int n = feature.Count;
                map[node] = n;
                int f = Feature[node];
                if (f < 0)
                {
                    setFeatures.AddRange(SetFeatures[SetStart[~f]..SetStart[~f + 1]]);
                    f = ~(setStart.Count - 1);
                    setStart.Add(setFeatures.Count);
                }
                feature.Add(f); threshold.Add(Threshold[node]); left.Add(0); right.Add(0);
                left[n] = Copy(Left[node]);
                right[n] = Copy(Right[node]);
                return n;
            }
        }
        return new(roots, [.. feature], [.. threshold], [.. left], [.. right], [.. leaf], [.. setStart], [.. setFeatures]);
    }

    /// <summary>Writes the arrays, each as its length and values (<see cref="Read"/> reads them back).</summary>
    public void Write(BinaryWriter w)
    {
        foreach (var a in new[] { Roots, Feature, Left, Right, SetStart, SetFeatures }) { w.Write(a.Length); foreach (var v in a) w.Write(v); }
        w.Write(Threshold.Length); foreach (var v in Threshold) w.Write(v);
        w.Write(Leaf.Length); foreach (var v in Leaf) w.Write(v);
    }

    /// <summary>The arrays <see cref="Write"/> wrote.</summary>
    public static TreeEnsembleArrays Read(BinaryReader r)
    {
        int[] Ints() { var a = new int[r.ReadInt32()]; for (int i = 0; i < a.Length; i++) a[i] = r.ReadInt32(); return a; }
        int[] roots = Ints(), feature = Ints(), left = Ints(), right = Ints(), setStart = Ints(), setFeatures = Ints();
        var threshold = new float[r.ReadInt32()]; for (int i = 0; i < threshold.Length; i++) threshold[i] = r.ReadSingle();
        var leaf = new double[r.ReadInt32()]; for (int i = 0; i < leaf.Length; i++) leaf[i] = r.ReadDouble();
        return new(roots, feature, threshold, left, right, leaf, setStart, setFeatures);
    }
}
