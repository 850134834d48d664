using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Detectors;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Estimation;
using Workbooks.ModelOps.Reporting;
using Workbooks.ModelOps.Windows;
using static Workbooks.ModelOps.Monitoring.Reports.OperationsSections;
using static Workbooks.ModelOps.Monitoring.Reports.ReportSection;

namespace Workbooks.ModelOps.Monitoring.Reports;

/// <summary>The sections about the model's behaviour: quality (realised and estimated), data and prediction drift,
/// and the streaming detectors over the error stream.</summary>
internal static class ModelSections
{
    /// <summary>Fewer labels than this and realised quality is shown but not judged.</summary>
    private const int MinimumLabels = 30;

    public static ReportSection QualitySection(ReportContext c)
    {
        var p = c.Period;
        var labelled = Enumerable.Range(0, p.Count).Where(p.Labelled).ToList();
        var waiting = Enumerable.Range(0, p.Count).Where(i => !p.Failed[i] && !p.Labelled(i)).ToList();
        double realised = c.Quality(p, labelled);
        double reference = c.ReferenceQuality ?? c.Quality(c.Comparison, Enumerable.Range(0, c.Comparison.Count).Where(c.Comparison.Labelled).ToList());
        string referenceFrom = c.ReferenceQuality is null ? "the comparison period" : "the reference";
        double estimated = double.NaN;
        string? estimateNote = null;
        PerformanceEstimate? estimate = null;
        if (c.Cbpe is { } cbpe && waiting.Count >= 10)
        {
            estimate = cbpe.Estimate(waiting.Select(i => p.Scores[i]).ToArray(), waiting.Select(i => p.Predictions[i] == c.PositiveClass ? 1 : 0).ToArray(),
                Chunker.BySize(waiting.Count, waiting.Count));
            estimated = estimate.For(PerformanceMetric.Accuracy)[0].Estimated ?? double.NaN;
        }
        else if (c.Dle is { } dle && waiting.Count >= 10)
        {
            estimate = dle.Estimate(DleInputs(c, waiting), Chunker.BySize(waiting.Count, waiting.Count));
            estimated = estimate.For(PerformanceMetric.Mae)[0].Estimated ?? double.NaN;
        }
        else estimateNote = waiting.Count < 10 ? "nearly every label has arrived, nothing to estimate"
            : c.IsRegression ? "no DLE estimate: it needs a reference with the model's score and at least 100 labels"
            : "no CBPE estimate: it needs a binary model with scores and a labelled reference";
        string method = c.IsRegression ? "DLE" : "CBPE";
        double Drop(double v) => c.IsRegression ? (v - reference) / reference : (reference - v) / reference;
        double realisedDrop = labelled.Count >= MinimumLabels ? Drop(realised) : double.NaN;
        double estimatedDrop = Drop(estimated);
        var status = ReportStatuses.Worst([c.Thresholds.QualityDrop.Judge(realisedDrop), c.Thresholds.QualityDrop.Judge(estimatedDrop)]);
        double delay = Median(labelled.Select(i => p.LabelDelayHours[i]));
        string metric = c.QualityMetric;
        string reason = $"{metric} {Format(realised)} on {labelled.Count} labelled predictions (labels arrive after {Format(delay, "0.#")} h, median)"
            + (double.IsFinite(estimated) ? $", estimated {Format(estimated)} ({method}) on the {waiting.Count} still without labels" : $"; {estimateNote}")
            + $"; {referenceFrom}: {Format(reference)}"
            + (status == ReportStatus.Ok ? "." : $": {Format(100 * Math.Max(N(realisedDrop) ?? double.MinValue, N(estimatedDrop) ?? double.MinValue), "0.#")}% worse.");
        List<IReadOnlyList<string>> rows =
        [
            [$"realised {metric}", Format(realised), labelled.Count.ToString()],
            [$"estimated {metric} ({method})", Format(estimated), waiting.Count.ToString()],
            [$"{referenceFrom} {metric}", Format(reference), ""],
        ];
        var details = new List<string> { HtmlTable.Render("Quality", ["", "value", "predictions"], rows) };
        return new ReportSection("quality", "Quality", status, reason, new Dictionary<string, double?>
        {
            ["quality_realised"] = N(realised), ["quality_estimated"] = N(estimated), ["quality_reference"] = N(reference),
            ["labelled_share"] = p.Count == 0 ? null : (double)labelled.Count / p.Count, ["label_delay_hours"] = N(delay),
        })
        {
            Details = details,
            NextStep = status == ReportStatus.Ok ? null : c.DriftedFeatures.Count > 0
                ? $"retrain on recent data: {metric} fell while {string.Join(", ", c.DriftedFeatures)} drifted"
                : $"retrain: {metric} fell without data drift, so the relation between inputs and outcome changed (concept drift)",
        };
    }

    /// <summary>The features and scores of the <paramref name="rows"/> still waiting for labels, as DLE reads them.</summary>
    private static Table DleInputs(ReportContext c, IReadOnlyList<int> rows)
    {
        var features = c.Period.Features(c.Reference.Features, c.Reference.KindOf, $"{c.Log.Source} {c.PeriodText}").Rows(rows);
        return new Table(features.Columns.Append(TableColumn.Numerical("score", rows.Select(i => c.Period.Scores[i]).ToArray())), features.Source);
    }

    public static (ReportSection Section, DataDriftReport Report) DriftSection(ReportContext c)
    {
        var current = c.Period.Features(c.Reference.Features, c.Reference.KindOf, $"{c.Log.Source} {c.PeriodText}");
        var report = DataDrift.Compute(c.Reference.Table, current, new DriftOptions { Columns = c.Reference.Features, MaxDegreeOfParallelism = 1 });
        var drifted = report.Columns.Where(col => col.DriftDetected).OrderBy(col => col.Name, StringComparer.Ordinal).ToList();
        var ok = Enumerable.Range(0, c.Period.Count).Where(i => !c.Period.Failed[i] && double.IsFinite(c.Period.Scores[i])).Select(i => c.Period.Scores[i]).ToArray();
        var (refScores, scoresFrom) = c.Reference.Scores is { } rs ? (rs, "the reference")
            : (Enumerable.Range(0, c.Comparison.Count).Where(i => !c.Comparison.Failed[i] && double.IsFinite(c.Comparison.Scores[i])).Select(i => c.Comparison.Scores[i]).ToArray(), "the comparison period");
        ColumnDriftResult? prediction = refScores.Length > 0 && ok.Length > 0 ? DataDrift.Compare("prediction score", refScores, ok) : null;
        var status = drifted.Count == 0 ? ReportStatus.Ok : ReportStatus.Warning;
        if (report.NumberOfTestedColumns > 0 && report.ShareOfDriftedColumns >= c.Thresholds.DriftShare.Critical) status = ReportStatus.Critical;
        if (prediction?.DriftDetected == true) status = ReportStatuses.Worst([status, ReportStatus.Warning]);
        string features = drifted.Count == 0 ? $"none of {report.NumberOfTestedColumns} features drifted against the reference"
            : $"{drifted.Count} of {report.NumberOfTestedColumns} features drifted against the reference: " +
              string.Join(", ", drifted.Select(d => $"{d.Name} ({d.Test} {Format(d.Score, "0.###")}, threshold {Format(d.Threshold, "0.###")})"));
        string predictions = prediction is null ? "prediction drift not tested (no scores)"
            : prediction.DriftDetected ? $"predictions drifted against {scoresFrom} ({prediction.Test} {Format(prediction.Score, "0.###")})"
            : $"predictions did not drift against {scoresFrom}";
        var section = new ReportSection("drift", "Data and prediction drift", status, $"{features}; {predictions}.", new Dictionary<string, double?>
        {
            ["drift_share"] = report.NumberOfTestedColumns == 0 ? null : report.ShareOfDriftedColumns, ["drifted_features"] = drifted.Count,
            ["prediction_drift_score"] = prediction is null ? null : N(prediction.Score), ["prediction_drift"] = prediction is null ? null : prediction.DriftDetected ? 1 : 0,
        })
        {
            Details = [report.ToHtml()],
            NextStep = drifted.Count > 0 ? $"investigate feature{(drifted.Count > 1 ? "s" : "")} {string.Join(", ", drifted.Select(d => d.Name))}: upstream data change or a real shift in the population?"
                : prediction?.DriftDetected == true ? "investigate why the predictions shifted while no feature did" : null,
        };
        return (section, report);
    }

    public static ReportSection DetectorsSection(ReportContext c)
    {
        // The error stream in time order: the comparison period warms the detectors up, then the period is watched.
        var names = c.IsRegression ? new[] { "adwin", "page_hinkley" } : new[] { "adwin", "ddm" };
        var rows = new List<IReadOnlyList<string>>();
        int drifts = 0;
        var signals = new List<string>();
        foreach (var name in names)
        {
            var detector = DetectorCatalog.Create(name);
            foreach (var e in c.Errors(c.Comparison)) detector.Update(e.Error);
            int warnings = 0, found = 0;
            DateTime? first = null;
            foreach (var e in c.Errors(c.Period))
            {
                detector.Update(e.Error);
                if (detector.WarningDetected) warnings++;
                if (detector.DriftDetected) { found++; first ??= e.Time; }
            }
            drifts += found;
            if (found > 0) signals.Add($"{name} signalled drift {found} time(s), first at {first:yyyy-MM-dd HH:mm}");
            rows.Add([name, found.ToString(), warnings.ToString(), first?.ToString("yyyy-MM-dd HH:mm") ?? ""]);
        }
        var status = drifts > 0 ? ReportStatus.Warning : ReportStatus.Ok;
        int n = c.Errors(c.Period).Count();
        string reason = n == 0 ? "no labelled predictions in the period: the error stream is empty."
            : drifts == 0 ? $"no detector signalled drift over the {n} labelled predictions' errors."
            : $"over the {n} labelled predictions' errors, {string.Join("; ", signals)}.";
        return new ReportSection("detectors", "Streaming detectors", status, reason, new Dictionary<string, double?> { ["detector_drifts"] = drifts })
        {
            Details = [HtmlTable.Render("Detectors over the error stream (warmed up on the comparison period)", ["detector", "drifts", "warning steps", "first drift"], rows)],
            NextStep = drifts > 0 ? "look at the error stream around the first drift signal" : null,
        };
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
