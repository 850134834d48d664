namespace Workbooks.ModelOps.Drift.Multivariate;

/// <summary>Area under the ROC curve from scores and 0/1 labels, by the rank (Mann-Whitney) identity with
/// tied scores given their mid-rank, which equals scikit-learn's <c>roc_auc_score</c> (trapezoids over ties).</summary>
internal static class RocAuc
{
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        if (scores.Count != positive.Count) throw new ArgumentException($"{scores.Count} scores but {positive.Count} labels.");
        int n = scores.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        double rankSumPositive = 0; long positives = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            double midRank = (i + j) / 2.0 + 1.0;
            for (int t = i; t <= j; t++) if (positive[order[t]]) { rankSumPositive += midRank; positives++; }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException("ROC AUC needs both classes among the labels.");
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
