using System.Globalization;
using System.Net;
using System.Text;
using Workbooks.ModelOps.Drift.Multivariate;

namespace Workbooks.ModelOps.Reporting;

/// <summary>HTML fragments for the multivariate drift results: a verdict line, a small table of the
/// figures and thresholds that decided it, and the matching chart.</summary>
internal static class MultivariateHtml
{
    /// <summary>A standalone page of one result's fragment, loading plotly.js from beside itself.</summary>
    public static void Save(string path, string title, string fragment) =>
        StandaloneHtml.Save(path, ChartHtml.ToStandalonePage(title, fragment));

    public static string Render(DomainClassifierResult r)
    {
        var sb = Header("Domain classifier", r.DriftDetected,
            $"cross-validated ROC AUC {F(r.RocAuc)} vs threshold {F(r.Threshold)} ({r.FoldAucs.Count} folds, {r.ReferenceRows} reference / {r.CurrentRows} current rows)");
        sb.Append(ChartHtml.ToHtml(MultivariateCharts.FeatureImportance(r)));
        Table(sb, ["column", "share of split gain"], r.TopFeatures.Select(f => new[] { f.Column, F(f.Importance) }));
        return sb.Append("</div>").ToString();
    }

    public static string Render(PcaReconstructionResult r)
    {
        int alerts = r.CurrentChunks.Count(c => c.Alert);
        var sb = Header("PCA reconstruction error", r.DriftDetected,
            $"{alerts} of {r.CurrentChunks.Count} chunks outside [{F(r.LowerThreshold)}, {F(r.UpperThreshold)}]; {r.Components} components keep {F(r.ExplainedVarianceRatio)} of the variance of {r.Columns.Count} columns");
        sb.Append(ChartHtml.ToHtml(MultivariateCharts.ReconstructionError(r)));
        Table(sb, ["chunk", "rows", "mean error", "alert"],
            r.CurrentChunks.Select(c => new[] { c.Key, (c.End - c.Start).ToString(CultureInfo.InvariantCulture), F(c.Error), c.Alert ? "yes" : "" }));
        return sb.Append("</div>").ToString();
    }

    public static string Render(MmdResult r)
    {
        var sb = Header("Maximum mean discrepancy", r.DriftDetected,
            $"MMD² {F(r.Mmd2)}, permutation p-value {F(r.PValue)} vs alpha {F(r.Alpha)} ({r.Permutations} permutations, RBF σ {F(r.Bandwidth)}, {r.ReferenceRows} / {r.CurrentRows} rows)");
        return sb.Append("</div>").ToString();
    }

    private static StringBuilder Header(string title, bool drift, string detail) => new StringBuilder()
        .Append("<div class=\"wb-drift\"><h3>").Append(Enc(title)).Append(": ")
        .Append(drift ? "<span style=\"color:#c0392b\">drift detected</span>" : "<span style=\"color:#27ae60\">no drift</span>")
        .Append("</h3><p>").Append(Enc(detail)).Append("</p>");

    internal static void Table(StringBuilder sb, string[] head, IEnumerable<string[]> rows) =>
        sb.Append(HtmlTable.Render(null, head, rows.Select(r => (IReadOnlyList<string>)r).ToList()));

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
