namespace Workbooks.ModelOps.Metrics;

/// <summary>Ranking quality at cut-off <paramref name="K"/>, each the mean over <paramref name="QueryCount"/> queries.</summary>
/// <example>
/// <code>
/// var r = RankingMetrics.Evaluate(new[] { "q1", "q1", "q2", "q2" }, new[] { 1.0, 0, 0, 1 }, new[] { 0.9, 0.1, 0.8, 0.2 }, k: 1);
/// Console.WriteLine($"{r.QueryCount} {r.PrecisionAtK} {r.MapAtK}");
/// // prints: 2 0.5 0.5
/// </code>
/// </example>
public sealed record RankingReport(int K, int QueryCount, double PrecisionAtK, double RecallAtK, double MapAtK, double NdcgAtK);

/// <summary>
/// Ranking metrics for recommenders and search, per query and averaged over queries.
/// A document is relevant when its relevance is above 0 (graded relevance counts in NDCG only).
/// <list type="bullet">
/// <item>precision@k = (relevant documents in the top k) / k (k, even when a query has fewer documents);</item>
/// <item>recall@k = (relevant in the top k) / (relevant in the query), 0 when the query has none;</item>
/// <item>AP@k = Σ_{i≤k} precision@i · rel_i / min(k, relevant in the query), 0 when none; MAP@k is its mean;</item>
/// <item>NDCG@k = DCG@k / ideal DCG@k with linear gain (the relevance itself) and discount 1/log2(rank+1),
/// tied scores sharing the average gain of their group, exactly as scikit-learn's <c>ndcg_score</c>;
/// 0 for a query with no relevant document.</item>
/// </list>
/// For the top-k counts, tied scores keep the input order (a stable sort).
/// </summary>
/// <example>
/// <code>
/// double[] relevance = { 3, 0, 1 }, score = { 0.9, 0.8, 0.1 };
/// Console.WriteLine($"{RankingMetrics.PrecisionAtK(relevance, score, 2)} {RankingMetrics.RecallAtK(relevance, score, 2)}");
/// // prints: 0.5 0.5
/// </code>
/// </example>
public static class RankingMetrics
{
    /// <summary>Groups rows by query (rows of one query need not be adjacent) and averages each metric over the queries.</summary>
    public static RankingReport Evaluate(IReadOnlyList<string> query, ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, int k)
    {
        if (query.Count != relevance.Length || query.Count != score.Length)
            throw new ArgumentException($"The columns have different lengths: {query.Count} query ids, {relevance.Length} relevances, {score.Length} scores.");
        if (query.Count == 0) throw new ArgumentException("No rows: ranking metrics are undefined on empty input.");
        RequireK(k);
        var rowsByQuery = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (int i = 0; i < query.Count; i++)
        {
            if (query[i] is null) throw new ArgumentException($"Row {i}: the query id is missing.");
            if (!rowsByQuery.TryGetValue(query[i], out var rows)) { rowsByQuery[query[i]] = rows = new List<int>(); order.Add(query[i]); }
            rows.Add(i);
        }
        double p = 0, r = 0, map = 0, ndcg = 0;
        foreach (var q in order)
        {
            var rows = rowsByQuery[q];
            var rel = new double[rows.Count]; var sc = new double[rows.Count];
            for (int j = 0; j < rows.Count; j++) { rel[j] = relevance[rows[j]]; sc[j] = score[rows[j]]; }
            try
            {
                p += PrecisionAtK(rel, sc, k); r += RecallAtK(rel, sc, k); map += AveragePrecisionAtK(rel, sc, k); ndcg += NdcgAtK(rel, sc, k);
            }
            catch (ArgumentException e) { throw new ArgumentException($"Query '{q}': {e.Message}", e); }
        }
        int n = order.Count;
        return new RankingReport(k, n, p / n, r / n, map / n, ndcg / n);
    }

    public static double PrecisionAtK(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, int k) => HitsInTopK(relevance, score, k) / (double)k;

    public static double RecallAtK(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, int k)
    {
        int total = RelevantCount(relevance);
        return total == 0 ? 0.0 : HitsInTopK(relevance, score, k) / (double)total;
    }

    public static double AveragePrecisionAtK(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, int k)
    {
        int total = RelevantCount(relevance);
        if (total == 0) return 0.0;
        var top = TopK(relevance, score, k);
        double sum = 0; int hits = 0;
        for (int i = 0; i < top.Length; i++)
        {
            if (relevance[top[i]] > 0) { hits++; sum += hits / (double)(i + 1); }
        }
        return sum / Math.Min(k, total);
    }

    /// <summary>Normalised discounted cumulative gain at k, as scikit-learn's <c>ndcg_score</c> (ties averaged).</summary>
    public static double NdcgAtK(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, int k)
    {
        Validate(relevance, score, k);
        int n = relevance.Length;
        var discountSum = new double[n + 1]; // discountSum[i] = Σ_{r<i, r<k} 1/log2(r+2)
        for (int i = 0; i < n; i++) discountSum[i + 1] = discountSum[i] + (i < k ? 1.0 / Math.Log2(i + 2) : 0.0);

        var ideal = relevance.ToArray();
        Array.Sort(ideal); Array.Reverse(ideal);
        double idealDcg = 0;
        for (int i = 0; i < Math.Min(k, n); i++) idealDcg += ideal[i] * (discountSum[i + 1] - discountSum[i]);
        if (idealDcg == 0) return 0.0;

        // DCG with ties: each group of equal scores gets its mean gain times the discounts of the ranks it spans.
        var order = Enumerable.Range(0, n).ToArray();
        var scores = score.ToArray();
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]));
        double dcg = 0;
        for (int start = 0; start < n;)
        {
            int end = start; double gain = 0;
            while (end < n && scores[order[end]] == scores[order[start]]) gain += relevance[order[end++]];
            dcg += gain / (end - start) * (discountSum[end] - discountSum[start]);
            start = end;
        }
        return dcg / idealDcg;
    }

    private static int HitsInTopK(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, int k)
    {
        int hits = 0;
        foreach (var i in TopK(relevance, score, k)) if (relevance[i] > 0) hits++;
        return hits;
    }

    // Indices of the k highest scores, ties in input order.
    private static int[] TopK(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, int k)
    {
        Validate(relevance, score, k);
        var scores = score.ToArray();
        return Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).Take(k).ToArray(); // OrderBy is stable
    }

    private static int RelevantCount(ReadOnlySpan<double> relevance)
    {
        int c = 0;
        foreach (var r in relevance) if (r > 0) c++;
        return c;
    }

    private static void Validate(ReadOnlySpan<double> relevance, ReadOnlySpan<double> score, int k)
    {
        RequireK(k);
        if (relevance.Length != score.Length) throw new ArgumentException($"{relevance.Length} relevances but {score.Length} scores.");
        if (relevance.Length == 0) throw new ArgumentException("A query has no documents.");
        for (int i = 0; i < relevance.Length; i++)
        {
            if (!(relevance[i] >= 0) || double.IsInfinity(relevance[i])) throw new ArgumentException($"Document {i}: relevance must be a finite number >= 0, got {relevance[i]}.");
            if (double.IsNaN(score[i])) throw new ArgumentException($"Document {i}: the score is NaN.");
        }
    }

    private static void RequireK(int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
    }
}
