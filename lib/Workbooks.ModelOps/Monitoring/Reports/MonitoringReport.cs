using System.Net;
using System.Text;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Monitoring.Reports;

/// <summary>
/// A monitoring report on one model's period of production: traffic and latency against the comparison period,
/// quality where labels have arrived and the CBPE estimate where they have not, data and prediction drift against
/// the reference, the streaming detectors over the error stream, the alerts, the versions that served (checked against
/// the model registry when one is named); each a
/// <see cref="ReportSection"/> with a status and its reason, and a headline with the overall status and what to do.
/// Everything is read from the prediction log with SQL (DuckDB) and judged by the library's drift tests, detectors
/// and estimators. <see cref="WriteSummary"/> writes the machine-readable summary.json (docs/monitoring-reports.md).
/// </summary>
public sealed class MonitoringReport : IHtmlRenderable
{
    /// <summary>The environment variable <c>workbooks run</c> sets for a notebook's kernel: its reports folder.</summary>
    public const string ReportFolderVariable = "WORKBOOKS_REPORT_DIR";

    private MonitoringReport(ReportContext c, IReadOnlyList<ReportSection> sections, DataDriftReport drift, IReadOnlyList<string> versions)
    {
        Model = c.Model; Log = c.Log.Source; Start = c.Start; End = c.End; CompareStart = c.CompareStart; CompareEnd = c.CompareEnd;
        Sections = sections; DataDrift = drift; Versions = versions; QualityMetric = c.QualityMetric; Thresholds = c.Thresholds;
        ServingVersion = c.Period.Count == 0 ? null : c.Period.Versions[^1];
        Status = ReportStatuses.Worst(sections.Select(s => s.Status));
        var attention = sections.Where(s => s.Status != ReportStatus.Ok).OrderByDescending(s => s.Status).ToList();
        Headline = attention.Count == 0 ? $"ok: every section is ok for {Model} over {c.PeriodText}."
            : $"{Status.Name()}: {string.Join("; ", attention.Select(s => $"{s.Title.ToLowerInvariant()} {s.Status.Name()} ({s.Reason.TrimEnd('.')})"))}.";
        var steps = Priority.Select(k => sections.FirstOrDefault(s => s.Key == k)?.NextStep).OfType<string>().ToList();
        NextSteps = steps.Count == 0 ? ["nothing: keep the schedule."] : steps;
    }

    // Which section's advice comes first: a quality drop matters most, then service health, then the early signals.
    private static readonly string[] Priority = ["quality", "traffic", "drift", "detectors", "alerts", "registry", "versions"];

    public string Model { get; }
    public string Log { get; }
    public DateTime Start { get; }
    public DateTime End { get; }
    public DateTime CompareStart { get; }
    public DateTime CompareEnd { get; }
    public IReadOnlyList<ReportSection> Sections { get; }
    public ReportSection this[string key] => Sections.FirstOrDefault(s => s.Key == key) ?? throw new KeyNotFoundException($"no report section '{key}' (sections: {string.Join(", ", Sections.Select(s => s.Key))}).");
    /// <summary>The per-feature drift report behind the drift section.</summary>
    public DataDriftReport DataDrift { get; }
    /// <summary>The versions that served in the period, in the order they first did.</summary>
    public IReadOnlyList<string> Versions { get; }
    /// <summary>The version serving at the end of the period.</summary>
    public string? ServingVersion { get; }
    public string QualityMetric { get; }
    public ReportThresholds Thresholds { get; }
    public ReportStatus Status { get; }
    public string Headline { get; }
    public IReadOnlyList<string> NextSteps { get; }

    /// <summary>Reads the log and the reference and judges every section. Bad parameters (a missing log, an empty
    /// period, a period without traffic, a reference without the model's columns) are a
    /// <see cref="MonitoringReportException"/> whose message names the parameter and the reason.</summary>
    public static MonitoringReport Create(MonitoringReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var log = ReportLog.Open(request.Log);
        var models = log.Models();
        if (models.Count == 0) throw new MonitoringReportException($"log: '{request.Log}' holds no predictions.");
        var model = request.Model ?? (models.Count == 1 ? models[0]
            : throw new MonitoringReportException($"model: the log holds several models ({string.Join(", ", models)}); name one."));
        if (!models.Contains(model)) throw new MonitoringReportException($"model: no model '{model}' in '{request.Log}' (models: {string.Join(", ", models)}).");
        var registry = request.Registry is { } folder ? RegistrySection.Open(folder, model) : null;
        var (first, last, _) = log.Span(model);
        var (start, end, compareStart, compareEnd) = request.Periods(last);
        var period = PeriodRows.Read(log, model, start, end, labelsBy: end);
        if (period.Count == 0)
            throw new MonitoringReportException($"start/end: no predictions of model '{model}' in {MonitoringReportRequest.Show(start)} .. {MonitoringReportRequest.Show(end)} " +
                $"('{request.Log}' holds {model}'s predictions from {first:yyyy-MM-dd HH:mm} to {last:yyyy-MM-dd HH:mm}).");
        var comparison = PeriodRows.Read(log, model, compareStart, compareEnd, labelsBy: end);
        var features = period.FeatureNames();
        if (features.Count == 0) throw new MonitoringReportException($"log: the predictions of '{model}' in the period carry no features (the features column holds no JSON object).");
        var reference = ReferenceData.Load(request.Reference, features);
        var (regression, positive, cbpe, dle, referenceQuality) = ReportContext.Describe(period, reference);
        var versions = period.Versions.Distinct().ToList();
        var before = comparison.Versions.ToHashSet();
        var c = new ReportContext
        {
            Log = log, Model = model, Start = start, End = end, CompareStart = compareStart, CompareEnd = compareEnd, Thresholds = request.Thresholds,
            Period = period, Comparison = comparison, Reference = reference, IsRegression = regression, PositiveClass = positive, Cbpe = cbpe, Dle = dle,
            ReferenceQuality = referenceQuality, NewVersions = comparison.Count == 0 ? [] : versions.Where(v => !before.Contains(v)).ToList(),
        };
        var (drift, driftReport) = ModelSections.DriftSection(c);
        c.DriftedFeatures = driftReport.Columns.Where(col => col.DriftDetected).Select(col => col.Name).ToList();
        var sections = new List<ReportSection>
        {
            OperationsSections.TrafficSection(c), ModelSections.QualitySection(c), drift, ModelSections.DetectorsSection(c),
            OperationsSections.AlertsSection(c), OperationsSections.VersionsSection(c), RegistrySection.Of(c, registry),
        };
        return new MonitoringReport(c, sections, driftReport, versions);
    }

    /// <summary>The summary.json document of this report.</summary>
    public ReportSummary Summary() => ReportSummary.Of(this);

    /// <summary>Writes summary.json into <paramref name="folder"/>; null: the reports folder of <c>workbooks run</c>
    /// (<see cref="ReportFolderVariable"/>), else the current folder. Returns the path.</summary>
    public string WriteSummary(string? folder = null)
    {
        folder = string.IsNullOrWhiteSpace(folder) ? Environment.GetEnvironmentVariable(ReportFolderVariable) is { Length: > 0 } env ? env : Directory.GetCurrentDirectory() : folder;
        return Summary().Write(Path.Combine(folder, ReportSummary.FileName));
    }

    /// <summary>The headline: overall status, what needs attention, what to do next, and one row per section.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<div style=\"font-family:sans-serif;border-left:8px solid ").Append(Status.Colour()).Append(";padding:6px 12px\">")
          .Append("<h2 style=\"margin:4px 0\">").Append(WebUtility.HtmlEncode(Model)).Append(' ').Append(Status.Badge()).Append("</h2><p>")
          .Append(WebUtility.HtmlEncode($"{MonitoringReportRequest.Show(Start)} .. {MonitoringReportRequest.Show(End)} against {MonitoringReportRequest.Show(CompareStart)} .. {MonitoringReportRequest.Show(CompareEnd)}; versions {string.Join(", ", Versions)}"))
          .Append("</p><p>").Append(WebUtility.HtmlEncode(Headline)).Append("</p><p><b>Next:</b></p><ul>");
        foreach (var step in NextSteps) sb.Append("<li>").Append(WebUtility.HtmlEncode(step)).Append("</li>");
        sb.Append("</ul></div>");
        sb.Append(HtmlTable.Render("Sections", ["section", "status", "reason"], Sections.Select(s => (IReadOnlyList<string>)[s.Title, s.Status.Name(), s.Reason]).ToList(),
            cellStyle: (row, column) => column == 1 ? $"background:{Sections[row].Status.Colour()}" : null));
        return sb.ToString();
    }

    public override string ToString() => Headline;
}
