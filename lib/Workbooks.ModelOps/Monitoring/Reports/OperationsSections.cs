using Microsoft.Data.Analysis;
using Workbooks.ModelOps.Reporting;
using static Workbooks.ModelOps.Monitoring.Reports.ReportSection;

namespace Workbooks.ModelOps.Monitoring.Reports;

/// <summary>The sections read straight from the log with SQL: traffic and latency, model versions, alerts.</summary>
internal static class OperationsSections
{
    private sealed record Traffic(long Requests, long Failures, double P50, double P95, double P99, double Hours)
    {
        public double ErrorRate => Requests == 0 ? double.NaN : (double)Failures / Requests;
        public double PerHour => Hours <= 0 ? double.NaN : Requests / Hours;
    }

    private static Traffic ReadTraffic(ReportLog log, string model, DateTime from, DateTime to)
    {
        // Latency quantiles of the calls that reached the model (a timed-out call's latency is the timeout, not the model's).
        var f = log.Query($"""
            SELECT count(*) AS n, count(failure) AS failures,
                   quantile_cont(latency_us, 0.5) FILTER (WHERE failure IS NULL) / 1000 AS p50,
                   quantile_cont(latency_us, 0.95) FILTER (WHERE failure IS NULL) / 1000 AS p95,
                   quantile_cont(latency_us, 0.99) FILTER (WHERE failure IS NULL) / 1000 AS p99
            FROM log WHERE {ReportLog.Between(model, from, to)}
            """);
        return new Traffic((long)f["n"][0], (long)f["failures"][0], D(f["p50"][0]), D(f["p95"][0]), D(f["p99"][0]), (to - from).TotalHours);
    }

    public static ReportSection TrafficSection(ReportContext c)
    {
        var now = ReadTraffic(c.Log, c.Model, c.Start, c.End);
        var before = ReadTraffic(c.Log, c.Model, c.CompareStart, c.CompareEnd);
        bool compared = before.Requests > 0;
        double ratio = compared && before.P99 > 0 ? now.P99 / before.P99 : double.NaN;
        double drop = compared ? 1 - (double)now.Requests / before.Requests : double.NaN;
        var t = c.Thresholds;
        var latency = t.LatencyP99Ratio.Judge(ratio);
        var errors = t.ErrorRate.Judge(now.ErrorRate);
        var traffic = t.TrafficDrop.Judge(drop);
        var status = ReportStatuses.Worst([latency, errors, traffic]);
        var reasons = new List<string>();
        if (latency != ReportStatus.Ok) reasons.Add($"p99 latency {Format(now.P99, "0.#")} ms is {Format(ratio, "0.0")}x the comparison period's {Format(before.P99, "0.#")} ms");
        if (errors != ReportStatus.Ok) reasons.Add($"error rate {Format(100 * now.ErrorRate, "0.##")}% (threshold {Format(100 * t.ErrorRate.Warning, "0.##")}%)");
        if (traffic != ReportStatus.Ok) reasons.Add($"requests fell {Format(100 * drop, "0")}% ({before.Requests} -> {now.Requests})");
        string reason = reasons.Count > 0 ? string.Join("; ", reasons) + "."
            : $"{now.Requests} requests ({Format(now.PerHour, "0.#")}/h), p99 latency {Format(now.P99, "0.#")} ms" +
              (compared ? $" ({Format(ratio, "0.00")}x the comparison period)" : " (no traffic in the comparison period to compare with)") +
              $", error rate {Format(100 * now.ErrorRate, "0.##")}%.";
        var rows = new List<IReadOnlyList<string>>
        {
            Row("requests", now.Requests, before.Requests, "0"), Row("requests per hour", now.PerHour, before.PerHour, "0.#"),
            Row("latency p50 (ms)", now.P50, before.P50, "0.##"), Row("latency p95 (ms)", now.P95, before.P95, "0.##"),
            Row("latency p99 (ms)", now.P99, before.P99, "0.##"), Row("error rate (%)", 100 * now.ErrorRate, 100 * before.ErrorRate, "0.###"),
        };
        var table = HtmlTable.Render("Traffic, latency and errors", ["", $"period {c.PeriodText}", $"comparison {c.CompareText}"], rows);
        return new ReportSection("traffic", "Traffic, latency and errors", status, reason, new Dictionary<string, double?>
        {
            ["requests"] = now.Requests, ["requests_per_hour"] = N(now.PerHour), ["error_rate"] = N(now.ErrorRate),
            ["latency_p50_ms"] = N(now.P50), ["latency_p95_ms"] = N(now.P95), ["latency_p99_ms"] = N(now.P99),
            ["latency_p99_ratio"] = N(ratio), ["comparison_requests"] = before.Requests,
        })
        {
            Details = [table, ChartHtml.ToHtml(DailyChart(c))],
            NextStep = latency != ReportStatus.Ok ? $"investigate latency: p99 rose {Format(ratio, "0.0")}x" + (c.NewVersions.Count > 0 ? $" since version {string.Join(", ", c.NewVersions)} took traffic (consider rolling back)" : "")
                : errors != ReportStatus.Ok ? "investigate the failing calls (see the log's failure column)"
                : traffic != ReportStatus.Ok ? "check the clients: traffic fell" : null,
        };
    }

    private static Plotly.NET.GenericChart DailyChart(ReportContext c)
    {
        var from = c.CompareStart < c.Start ? c.CompareStart : c.Start;
        var f = c.Log.Query($"""
            SELECT date_trunc('day', time) AS day, quantile_cont(latency_us, 0.99) FILTER (WHERE failure IS NULL) / 1000 AS p99,
                   100.0 * count(failure) / count(*) AS error_pct
            FROM log WHERE {ReportLog.Between(c.Model, from, c.End)} GROUP BY 1 ORDER BY 1
            """);
        var days = Enumerable.Range(0, (int)f.Rows.Count).Select(i => (object?)((DateTime)f["day"][i]).ToString("yyyy-MM-dd")).ToList();
        var traces = new[]
        {
            PlotlyFigure.Scatter("p99 latency (ms)", days, Enumerable.Range(0, days.Count).Select(i => (object?)N(D(f["p99"][i]))), PlotlyFigure.Palette[0]),
            PlotlyFigure.Scatter("error rate (%)", days, Enumerable.Range(0, days.Count).Select(i => (object?)N(D(f["error_pct"][i]))), PlotlyFigure.Palette[3], yAxis: "y2"),
        };
        return PlotlyFigure.Chart(traces, "Per day: comparison period, then the period", "day", "p99 latency (ms)",
            more: layout => layout.SetProperty("yaxis2", PlotlyFigure.Obj(("title", PlotlyFigure.Obj(("text", "error rate (%)"))), ("overlaying", "y"), ("side", "right"))));
    }

    public static ReportSection VersionsSection(ReportContext c)
    {
        var f = c.Log.Query($"SELECT version, count(*) AS n, min(time) AS first, max(time) AS last FROM log WHERE {ReportLog.Between(c.Model, c.Start, c.End)} GROUP BY version ORDER BY first");
        long total = 0;
        for (int i = 0; i < f.Rows.Count; i++) total += (long)f["n"][i];
        var rows = Enumerable.Range(0, (int)f.Rows.Count).Select(i => (IReadOnlyList<string>)[f["version"][i]?.ToString() ?? "", f["n"][i]!.ToString()!,
            Format(100.0 * (long)f["n"][i] / total, "0.#"), ((DateTime)f["first"][i]).ToString("yyyy-MM-dd HH:mm"), ((DateTime)f["last"][i]).ToString("yyyy-MM-dd HH:mm"),
            c.NewVersions.Contains(f["version"][i]?.ToString() ?? "") ? "new this period" : ""]).ToList();
        var names = rows.Select(r => $"{r[0]} ({r[2]}%)").ToList();
        string reason = (rows.Count == 1 ? $"one version served: {names[0]}" : $"{rows.Count} versions served: {string.Join(", ", names)}")
            + (c.NewVersions.Count > 0 ? $"; new since the comparison period: {string.Join(", ", c.NewVersions)}." : ".");
        return new ReportSection("versions", "Model versions", ReportStatus.Ok, reason, new Dictionary<string, double?> { ["versions"] = rows.Count })
        {
            Details = [HtmlTable.Render("Versions that served traffic", ["version", "requests", "share (%)", "first", "last", ""], rows)],
        };
    }

    public static ReportSection AlertsSection(ReportContext c)
    {
        if (!c.Log.HasAlerts)
            return new ReportSection("alerts", "Alerts", ReportStatus.Ok, "the log holds no alert history (a Parquet export of predictions); alerts not checked.",
                new Dictionary<string, double?> { ["alerts_fired"] = null, ["alerts_active"] = null });
        var model = ReportLog.Quote(c.Model);
        var during = c.Log.Query($"SELECT time, rule, metric, kind, severity, value, threshold FROM alerts WHERE model = {model} AND time >= {ReportLog.Timestamp(c.Start)} AND time < {ReportLog.Timestamp(c.End)} ORDER BY time");
        // Each rule's state at the end of the period: its last event before then.
        var state = c.Log.Query($"SELECT rule, arg_max(kind, time) AS kind, arg_max(severity, time) AS severity FROM alerts WHERE model = {model} AND time < {ReportLog.Timestamp(c.End)} GROUP BY rule ORDER BY rule");
        var active = Enumerable.Range(0, (int)state.Rows.Count).Where(i => state["kind"][i]?.ToString() != "resolved")
            .Select(i => (Rule: state["rule"][i]!.ToString()!, Severity: ReportStatuses.TryParse(state["severity"][i]?.ToString()) ?? ReportStatus.Warning)).ToList();
        int fired = Enumerable.Range(0, (int)during.Rows.Count).Count(i => during["kind"][i]?.ToString() is "firing" or "escalated");
        int resolved = Enumerable.Range(0, (int)during.Rows.Count).Count(i => during["kind"][i]?.ToString() == "resolved");
        var status = ReportStatuses.Worst(active.Select(a => a.Severity));
        string reason = (fired + resolved == 0 ? "no alert fired or resolved" : $"{fired} alert(s) fired or escalated and {resolved} resolved")
            + (active.Count == 0 ? "; none active at the end of the period." : $"; still active at the end: {string.Join(", ", active.Select(a => $"{a.Rule} ({a.Severity.Name()})"))}.");
        var rows = Enumerable.Range(0, (int)during.Rows.Count).Select(i => (IReadOnlyList<string>)[((DateTime)during["time"][i]).ToString("yyyy-MM-dd HH:mm"),
            during["rule"][i]?.ToString() ?? "", during["kind"][i]?.ToString() ?? "", during["severity"][i]?.ToString() ?? "",
            Format(D(during["value"][i]), "G4"), Format(D(during["threshold"][i]), "G4")]).ToList();
        return new ReportSection("alerts", "Alerts", status, reason, new Dictionary<string, double?> { ["alerts_fired"] = fired, ["alerts_active"] = active.Count })
        {
            Details = rows.Count == 0 ? [] : [HtmlTable.Render("Alert events during the period", ["time", "rule", "event", "severity", "value", "threshold"], rows)],
            NextStep = active.Count > 0 ? $"see the active alerts: {string.Join(", ", active.Select(a => a.Rule))}" : null,
        };
    }

    private static IReadOnlyList<string> Row(string name, double now, double before, string format) => [name, Format(N(now), format), Format(N(before), format)];

    internal static double D(object? v) => v is null ? double.NaN : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture);

    internal static double? N(double v) => double.IsFinite(v) ? v : null;
}
