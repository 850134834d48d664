namespace Workbooks.ModelOps.Compression;

/// <summary>
/// Fewer leaves per tree: each tree's splits are collapsed bottom-up until it has at most a leaf budget. A split whose
/// two children are both leaves can go; of those, the one that matters least on the fit rows goes first: merging leaves
/// of values a and b reached by m and n rows changes the tree's output on those rows by a squared error of
/// m·n / (m + n) · (a − b)² in all, the least-squares loss of the merge. The merged leaf takes the fit-row-weighted mean
/// (the plain mean when no fit row reaches either), and its parent may then become mergeable. Re-fitting the leaves
/// afterwards (<see cref="LeafRefit"/>) lets the smaller trees answer for the splits they lost.
/// </summary>
public static class LeafMerging
{
    /// <summary>Every tree of every ensemble collapsed to at most <paramref name="leaves"/> leaves, the merges chosen on
    /// <paramref name="rows"/> (prepared vectors, row-major).</summary>
    public static CompiledEnsemble Collapse(CompiledEnsemble ensemble, int leaves, ReadOnlySpan<float> rows)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var collapsed = new List<TreeEnsembleArrays>();
        foreach (var o in ensemble.Outputs) collapsed.Add(Collapse(o, leaves, rows, ensemble.FeatureCount));
        return ensemble.With(collapsed);
    }

    /// <summary>The trees of <paramref name="trees"/> collapsed to at most <paramref name="leaves"/> leaves each.</summary>
    public static TreeEnsembleArrays Collapse(TreeEnsembleArrays trees, int leaves, ReadOnlySpan<float> rows, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(trees);
        if (leaves < 1) throw new ArgumentOutOfRangeException(nameof(leaves), leaves, "A tree keeps at least one leaf.");
        if (featureCount < 1 || rows.Length % featureCount != 0) throw new ArgumentException($"{rows.Length} values are not rows of {featureCount} features.", nameof(rows));
        int n = rows.Length / featureCount;
        var reached = new int[trees.LeafCount];
        for (int r = 0; r < n; r++)
            for (int t = 0; t < trees.TreeCount; t++) reached[~trees.Descend(trees.Roots[t], rows.Slice(r * featureCount, featureCount))]++;
        var collapsed = new Dictionary<int, double>();
        for (int t = 0; t < trees.TreeCount; t++) CollapseTree(trees, t, leaves, reached, collapsed);
        return trees.Subset(Enumerable.Range(0, trees.TreeCount).ToArray(), collapsed);
    }

    /// <summary>The leaves tree <paramref name="tree"/> of <paramref name="trees"/> has.</summary>
    public static int LeafCount(TreeEnsembleArrays trees, int tree)
    {
        ArgumentNullException.ThrowIfNull(trees);
        int count = 0;
        var stack = new Stack<int>([trees.Roots[tree]]);
        while (stack.TryPop(out int node))
        {
            if (node < 0) { count++; continue; }
            stack.Push(trees.Left[node]); stack.Push(trees.Right[node]);
        }
        return count;
    }

    // Merges the cheapest leaf pair of one tree until it has at most `budget` leaves; each node merged into a leaf is
    // added to `collapsed` with its value (a merged node's ancestors merged later replace it, harmlessly).
    private static void CollapseTree(TreeEnsembleArrays a, int tree, int budget, int[] reached, Dictionary<int, double> collapsed)
    {
        int root = a.Roots[tree], leafCount = LeafCount(a, tree);
        if (leafCount <= budget || root < 0) return;
        var parent = new Dictionary<int, int>();
        var stack = new Stack<int>([root]);
        while (stack.TryPop(out int node))
        {
            if (node < 0) continue;
            foreach (int c in new[] { a.Left[node], a.Right[node] }) { if (c >= 0) parent[c] = node; stack.Push(c); }
        }
        // A node merged into a leaf: its value and the fit rows that reach it.
        var merged = new Dictionary<int, (double Value, long Rows)>();
        (double Value, long Rows)? AsLeaf(int child) => child < 0 ? (a.Leaf[~child], reached[~child]) : merged.TryGetValue(child, out var m) ? m : null;
        var queue = new PriorityQueue<int, (double Cost, int Node)>();
        void Offer(int node)
        {
            if (AsLeaf(a.Left[node]) is not { } l || AsLeaf(a.Right[node]) is not { } r) return;
            double cost = l.Rows + r.Rows == 0 ? 0 : (double)l.Rows * r.Rows / (l.Rows + r.Rows) * (l.Value - r.Value) * (l.Value - r.Value);
            queue.Enqueue(node, (cost, node));
        }
        foreach (int node in parent.Keys.Append(root)) Offer(node);
        while (leafCount > budget && queue.TryDequeue(out int node, out _))
        {
            var (l, r) = (AsLeaf(a.Left[node])!.Value, AsLeaf(a.Right[node])!.Value);
            long rows = l.Rows + r.Rows;
            double value = rows == 0 ? (l.Value + r.Value) / 2 : (l.Value * l.Rows + r.Value * r.Rows) / rows;
            merged[node] = (value, rows);
            collapsed[node] = value;
            leafCount--;
            if (parent.TryGetValue(node, out int up)) Offer(up);
        }
    }
}
