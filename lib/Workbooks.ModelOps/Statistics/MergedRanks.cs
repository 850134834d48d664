namespace Workbooks.ModelOps.Statistics;

/// <summary>
/// Average ("midrank") ranking of two sorted samples pooled, computed in one merged walk without
/// materialising the pooled array: rank sums, tie groups and per-element ranks for the rank tests.
/// </summary>
public static class MergedRanks
{
    /// <summary>One group of equal values in the pooled order: how many come from each sample, how many
    /// pooled values lie below the group, and the group's value.</summary>
    public readonly record struct TieGroup(double Value, int FromA, int FromB, long Below)
    {
        public int Size => FromA + FromB;
        /// <summary>The average rank (1-based) shared by the group.</summary>
        public double AverageRank => Below + (Size + 1) / 2.0;
    }

    /// <summary>Calls <paramref name="visit"/> for each distinct pooled value in increasing order, with the
    /// index in each sample where the group starts.</summary>
    public static void Walk(ReadOnlySpan<double> a, ReadOnlySpan<double> b, GroupVisitor visit)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            double v = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            int i0 = i, j0 = j;
            while (i < a.Length && a[i] == v) i++;
            while (j < b.Length && b[j] == v) j++;
            visit(new TieGroup(v, i - i0, j - j0, i0 + j0), i0, j0);
        }
    }

    public delegate void GroupVisitor(TieGroup group, int startA, int startB);

    /// <summary>Sum of the average ranks of sample <paramref name="a"/> in the pooled ranking, and the tie
    /// term sum(t^3 - t) over tie groups.</summary>
    public static (double RankSumA, double TieTerm, bool HasTies) RankSum(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0, tie = 0;
        bool ties = false;
        Walk(a, b, (g, _, _) =>
        {
            sum += g.FromA * g.AverageRank;
            double t = g.Size;
            if (g.Size > 1) { tie += t * t * t - t; ties = true; }
        });
        return (sum, tie, ties);
    }
}
