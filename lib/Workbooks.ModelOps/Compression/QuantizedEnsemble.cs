using System.Runtime.CompilerServices;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Compression;

/// <summary>How a <see cref="QuantizedEnsemble"/> stores leaf values.</summary>
public enum LeafPrecision
{
    /// <summary>16-bit floats (<see cref="Half"/>): about 3 significant digits.</summary>
    Half,
    /// <summary>8-bit integers with one float scale per tree (max |leaf| / 127).</summary>
    Int8,
}

/// <summary>
/// A tree ensemble with quantised parameters. Thresholds become bin indices: per feature, the sorted distinct
/// thresholds of every split on it are the bin edges, a row's value is mapped once to its bin (the number of edges
/// below it; NaN past the last), and a split compares bins, which sends every row exactly where the float
/// comparison did, so threshold quantisation costs no accuracy. Bins, features and children take 8 or 16 bits
/// (8 when every feature has fewer than 256 edges); leaf values take 16-bit floats or 8 bits with a per-tree scale,
/// which is where the error comes from. Numerical splits only (a categorical split is a <see cref="NotSupportedException"/>).
/// </summary>
public sealed class QuantizedEnsemble : IPreparedScorer
{
    /// <summary>The kind saved in a file.</summary>
    public const string KindName = "quantized-trees";

    private readonly SortedEdges[] _edges;      // per feature: sorted distinct thresholds
    private readonly Trees[] _outputs;
    private readonly PlattScaling?[] _calibration;

    // One ensemble: nodes of tree t at [NodeStart[t], NodeStart[t+1]), children tree-local (>= 0 node, < 0 ~leaf).
    private sealed record Trees(int[] NodeStart, int[] LeafStart, ushort[] Feature, ushort[] Bin, short[] Left, short[] Right,
        Half[]? HalfLeaf, sbyte[]? ByteLeaf, float[]? Scale)
    {
        public double Leaf(int t, int leaf) => HalfLeaf is { } h ? (double)h[LeafStart[t] + leaf] : ByteLeaf![LeafStart[t] + leaf] * (double)Scale![t];
    }

    private QuantizedEnsemble(ModelTask task, int featureCount, ClassScoring scoring, PlattScaling?[] calibration, float[][] edges, Trees[] outputs, LeafPrecision leaves)
    {
        Task = task; FeatureCount = featureCount; ClassScoring = scoring; _calibration = calibration; _edges = edges.Select(e => new SortedEdges(e)).ToArray(); _outputs = outputs; Leaves = leaves;
        // 8 bits when every bin, feature index and tree-local child fits a byte (children are signed: ~leaf is negative).
        bool small = edges.All(e => e.Length < 256) && featureCount <= 256 && outputs.All(o => Enumerable.Range(0, o.NodeStart.Length - 1)
            .All(t => o.NodeStart[t + 1] - o.NodeStart[t] <= 127 && o.LeafStart[t + 1] - o.LeafStart[t] <= 128));
        BinBits = small ? 8 : 16;
    }

    public string Kind => KindName;
    public ModelTask Task { get; }
    public int FeatureCount { get; }
    public int ScoreCount => Task == ModelTask.Multiclass ? _outputs.Length : 1;
    public ClassScoring ClassScoring { get; }
    public LeafPrecision Leaves { get; }
    /// <summary>8 or 16: the width of a bin index, a feature index and a child index as saved.</summary>
    public int BinBits { get; }
    public int TreeCount => _outputs.Sum(o => o.NodeStart.Length - 1);
    public float BinaryThreshold => ClassScores.BinaryThreshold(Task, _calibration);

    /// <summary>Quantises <paramref name="ensemble"/>'s thresholds to per-feature bins and its leaves to <paramref name="leaves"/>.</summary>
    public static QuantizedEnsemble From(CompiledEnsemble ensemble, LeafPrecision leaves)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        if (ensemble.Outputs.Any(o => o.Feature.Any(f => f < 0)))
            throw new NotSupportedException("The ensemble has categorical splits; only numerical thresholds quantise to bins.");
        if (ensemble.FeatureCount > ushort.MaxValue) throw new NotSupportedException($"{ensemble.FeatureCount} features; at most {ushort.MaxValue} quantise.");
        var edges = new float[ensemble.FeatureCount][];
        for (int f = 0; f < edges.Length; f++) edges[f] = [];
        foreach (var group in ensemble.Outputs.SelectMany(o => o.Feature.Zip(o.Threshold)).GroupBy(p => p.First))
            edges[group.Key] = group.Select(p => p.Second).Distinct().Order().ToArray();
        var outputs = ensemble.Outputs.Select(o => Quantise(o, edges, leaves)).ToArray();
        return new QuantizedEnsemble(ensemble.Task, ensemble.FeatureCount, ensemble.ClassScoring, [.. ensemble.Calibration], edges, outputs, leaves);
    }

    private static Trees Quantise(TreeEnsembleArrays a, float[][] edges, LeafPrecision precision)
    {
        var nodeStart = new List<int> { 0 }; var leafStart = new List<int> { 0 };
        var feature = new List<ushort>(); var bin = new List<ushort>(); var left = new List<short>(); var right = new List<short>();
        var leaves = new List<double>(); var scale = new List<float>();
        foreach (int root in a.Roots)
        {
            var nodes = new Dictionary<int, short>(); var leafIds = new Dictionary<int, short>();
            int treeLeafBase = leaves.Count;
            // Number the tree's nodes and leaves depth-first, then write each split with tree-local children.
            var order = new List<int>();
            void Visit(int n)
            {
                if (n < 0) { if (!leafIds.ContainsKey(~n)) { leafIds[~n] = (short)leafIds.Count; leaves.Add(a.Leaf[~n]); } return; }
                nodes[n] = (short)order.Count; order.Add(n);
                Visit(a.Left[n]); Visit(a.Right[n]);
            }
            Visit(root);
            if (order.Count > short.MaxValue) throw new NotSupportedException($"A tree of {order.Count} splits; at most {short.MaxValue} quantise.");
            short Child(int c) => c >= 0 ? nodes[c] : (short)~leafIds[~c];
            foreach (int n in order)
            {
                int f = a.Feature[n];
                feature.Add((ushort)f);
                bin.Add((ushort)Array.BinarySearch(edges[f], a.Threshold[n]));
                left.Add(Child(a.Left[n])); right.Add(Child(a.Right[n]));
            }
            nodeStart.Add(feature.Count); leafStart.Add(leaves.Count);
            double max = 0;
            for (int i = treeLeafBase; i < leaves.Count; i++) max = Math.Max(max, Math.Abs(leaves[i]));
            scale.Add(max > 0 ? (float)(max / 127) : 1f);
        }
        Half[]? half = null; sbyte[]? bytes = null;
        if (precision == LeafPrecision.Half) half = leaves.Select(v => (Half)v).ToArray();
        else
        {
            bytes = new sbyte[leaves.Count];
            for (int t = 0; t < scale.Count; t++)
                for (int i = leafStart[t]; i < leafStart[t + 1]; i++) bytes[i] = (sbyte)Math.Clamp(Math.Round(leaves[i] / scale[t]), -127, 127);
        }
        return new Trees([.. nodeStart], [.. leafStart], [.. feature], [.. bin], [.. left], [.. right], half, bytes, precision == LeafPrecision.Int8 ? [.. scale] : null);
    }

    /// <summary>Scores one prepared feature vector (bins are computed once for the row, on the stack).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot from the first call: no slow tier-0 span code
    public void Score(ReadOnlySpan<float> features, Span<float> scores)
    {
        if (features.Length < FeatureCount) throw new ArgumentException($"A feature vector of {features.Length} values; the model reads {FeatureCount}.", nameof(features));
        Span<ushort> bins = FeatureCount <= 1024 ? stackalloc ushort[FeatureCount] : new ushort[FeatureCount];
        // A feature's bin is the number of its edges below the value (x ≤ edge[j] exactly when bin ≤ j; NaN past every edge).
        for (int f = 0; f < bins.Length; f++) bins[f] = (ushort)_edges[f].CountBelow(features[f]);
        for (int k = 0; k < _outputs.Length; k++) scores[k] = (float)Output(_outputs[k], bins);
        ClassScores.Finish(Task, _calibration, ClassScoring, scores);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Output(Trees trees, ReadOnlySpan<ushort> bins)
    {
        double sum = 0;
        for (int t = 0; t + 1 < trees.NodeStart.Length; t++)
        {
            int start = trees.NodeStart[t];
            if (start == trees.NodeStart[t + 1]) { sum += trees.Leaf(t, 0); continue; }
            int node = 0;
            while (node >= 0)
            {
                int i = start + node;
                node = bins[trees.Feature[i]] <= trees.Bin[i] ? trees.Left[i] : trees.Right[i];
            }
            sum += trees.Leaf(t, ~node);
        }
        return sum;
    }

    /// <summary>Writes the ensemble at its stored widths (8 or 16 bits), so the file size is what the arithmetic says.</summary>
    public void Write(BinaryWriter w)
    {
        ClassScores.WriteHeader(w, Task, FeatureCount, ClassScoring, _calibration);
        w.Write((byte)Leaves); w.Write((byte)BinBits);
        foreach (var e in _edges) { w.Write(e.Count); foreach (var v in e.Values) w.Write(v); }
        foreach (var o in _outputs)
        {
            w.Write(o.NodeStart.Length - 1);
            for (int t = 0; t + 1 < o.NodeStart.Length; t++) { Small(w, o.NodeStart[t + 1] - o.NodeStart[t]); Small(w, o.LeafStart[t + 1] - o.LeafStart[t]); }
            for (int i = 0; i < o.Feature.Length; i++) { Small(w, o.Feature[i]); Small(w, o.Bin[i]); Small(w, o.Left[i]); Small(w, o.Right[i]); }
            if (o.HalfLeaf is { } h) foreach (var v in h) w.Write(v);
            else { foreach (var v in o.ByteLeaf!) w.Write(v); foreach (var s in o.Scale!) w.Write(s); }
        }
        void Small(BinaryWriter writer, int v) { if (BinBits == 8) writer.Write((sbyte)v); else writer.Write((short)v); }
    }

    /// <summary>The ensemble <see cref="Write"/> wrote.</summary>
    public static QuantizedEnsemble Read(BinaryReader r)
    {
        var (task, featureCount, scoring, calibration) = ClassScores.ReadHeader(r);
        var precision = (LeafPrecision)r.ReadByte(); int bits = r.ReadByte();
        int Small() => bits == 8 ? r.ReadSByte() : r.ReadInt16();
        var edges = new float[featureCount][];
        for (int f = 0; f < featureCount; f++) { edges[f] = new float[r.ReadInt32()]; for (int i = 0; i < edges[f].Length; i++) edges[f][i] = r.ReadSingle(); }
        var outputs = new Trees[calibration.Length];
        for (int k = 0; k < outputs.Length; k++)
        {
            int trees = r.ReadInt32();
            var nodeStart = new int[trees + 1]; var leafStart = new int[trees + 1];
            for (int t = 0; t < trees; t++) { nodeStart[t + 1] = nodeStart[t] + (Small() & (bits == 8 ? 0xFF : 0xFFFF)); leafStart[t + 1] = leafStart[t] + (Small() & (bits == 8 ? 0xFF : 0xFFFF)); }
            int n = nodeStart[^1];
            var feature = new ushort[n]; var bin = new ushort[n]; var left = new short[n]; var right = new short[n];
            int mask = bits == 8 ? 0xFF : 0xFFFF;
            for (int i = 0; i < n; i++) { feature[i] = (ushort)(Small() & mask); bin[i] = (ushort)(Small() & mask); left[i] = (short)Small(); right[i] = (short)Small(); }
            Half[]? half = null; sbyte[]? bytes = null; float[]? scale = null;
            if (precision == LeafPrecision.Half) { half = new Half[leafStart[^1]]; for (int i = 0; i < half.Length; i++) half[i] = r.ReadHalf(); }
            else
            {
                bytes = new sbyte[leafStart[^1]]; for (int i = 0; i < bytes.Length; i++) bytes[i] = r.ReadSByte();
                scale = new float[trees]; for (int t = 0; t < trees; t++) scale[t] = r.ReadSingle();
            }
            outputs[k] = new Trees(nodeStart, leafStart, feature, bin, left, right, half, bytes, scale);
        }
        return new QuantizedEnsemble(task, featureCount, scoring, calibration, edges, outputs, precision);
    }
}
