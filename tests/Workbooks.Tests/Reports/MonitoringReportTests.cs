using Workbooks.ModelOps.Monitoring.Reports;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Reports;

/// <summary>The monitoring report on the demo log's known events: each week's sections have the statuses the events
/// call for, a clean week is all ok, summary.json round-trips, and bad parameters fail with the reason.</summary>
public sealed class MonitoringReportTests(MonitoringDemoFixture demo, ITestOutputHelper output) : IClassFixture<MonitoringDemoFixture>
{
    private static readonly string[] Keys = ["traffic", "quality", "drift", "detectors", "alerts", "versions", "registry"];

    private void Show(MonitoringReport r)
    {
        output.WriteLine($"demo written in {demo.DemoSeconds:0.0} s; a report takes {demo.ReportSeconds:0.00} s");
        output.WriteLine(r.Headline);
        foreach (var s in r.Sections) output.WriteLine("  " + s);
    }

    private static void Expect(MonitoringReport r, params (string Key, ReportStatus Status)[] expected)
    {
        var want = Keys.ToDictionary(k => k, k => expected.FirstOrDefault(e => e.Key == k) is { Key: not null } e ? e.Status : ReportStatus.Ok);
        var got = Keys.ToDictionary(k => k, k => r[k].Status);
        Assert.True(want.SequenceEqual(got), $"expected {string.Join(", ", want.Select(kv => $"{kv.Key}={kv.Value.Name()}"))}\n" +
            $"got      {string.Join(", ", got.Select(kv => $"{kv.Key}={kv.Value.Name()}"))}\n{string.Join("\n", r.Sections)}");
        Assert.Equal(ReportStatuses.Worst(expected.Select(e => e.Status)), r.Status);
    }

    [Fact]
    public void Week_1_is_clean_and_every_section_is_ok()
    {
        var r = demo.Weeks[0];
        Show(r);
        Expect(r);
        Assert.StartsWith("ok:", r.Headline);
        Assert.Equal(["nothing: keep the schedule."], r.NextSteps);
        Assert.Equal(1400, r["traffic"].Figures["requests"]);
    }

    [Fact]
    public void Week_2_latency_regression_is_critical_traffic_with_its_alert()
    {
        var r = demo.Weeks[1];
        Show(r);
        Expect(r, ("traffic", ReportStatus.Critical), ("alerts", ReportStatus.Critical));
        Assert.InRange(r["traffic"].Figures["latency_p99_ratio"]!.Value, 2.5, 3.5);   // version 2 answers three times slower
        Assert.Contains("version 2", r.NextSteps[0]);
        Assert.Equal(["2"], r.Versions);
    }

    [Fact]
    public void Week_3_feature_drift_names_the_drifted_feature()
    {
        var r = demo.Weeks[2];
        Show(r);
        Expect(r, ("drift", ReportStatus.Warning));
        Assert.True(r.DataDrift["age"].DriftDetected);
        Assert.Contains("age", r.NextSteps[0]);
    }

    [Fact]
    public void Week_4_quality_drop_is_critical_while_no_feature_drifts()
    {
        var r = demo.Weeks[3];
        Show(r);
        Expect(r, ("quality", ReportStatus.Critical), ("detectors", ReportStatus.Warning), ("alerts", ReportStatus.Critical));
        var q = r["quality"].Figures;
        Assert.True(q["quality_realised"] < q["quality_reference"] - 0.15, $"realised {q["quality_realised"]}, reference {q["quality_reference"]}");
        // CBPE sees only the inputs: under a concept shift its estimate stays near the reference.
        Assert.InRange(q["quality_estimated"]!.Value, q["quality_reference"]!.Value - 0.05, q["quality_reference"]!.Value + 0.05);
        Assert.Contains("concept drift", r.NextSteps[0]);
    }

    [Fact]
    public void Summary_json_round_trips_with_every_section_and_figure()
    {
        var folder = Path.Combine(demo.Folder, "summary-" + Guid.NewGuid().ToString("N"));
        var path = demo.Weeks[3].WriteSummary(folder);
        var loaded = ReportSummary.Load(path);
        Assert.Equal(ReportStatus.Critical, loaded.Status);
        Assert.Equal(Keys, loaded.Sections.Select(s => s.Key));
        Assert.Equal(demo.Demo.Weeks[3].Start, loaded.Start);
        Assert.Equal("3", loaded.ModelVersion);
        Assert.Equal(demo.Weeks[3]["drift"].Figures["drift_share"], loaded.Figure("drift_share"));
        Assert.Contains("\"schema\": \"workbooks/monitoring-report-summary/1\"", File.ReadAllText(path));
    }

    [Fact]
    public void Thresholds_doc_example()
    {
        var t = ReportThresholds.Parse("latency_p99_ratio=1.3/1.8");
        Assert.Equal("1.3/1.8 0.01/0.05", $"{t.LatencyP99Ratio} {t.ErrorRate}");
        Assert.Equal(ReportStatus.Critical, t.LatencyP99Ratio.Judge(1.8));
        Assert.Equal(ReportStatus.Ok, t.LatencyP99Ratio.Judge(double.NaN));   // no comparison traffic: not judged
    }

    [Fact]
    public void Default_period_is_the_last_week_of_the_log()
    {
        var r = MonitoringReport.Create(demo.Request());
        Assert.Equal(demo.Demo.Weeks[^1].Start, r.Start);
        Assert.Equal(demo.Demo.Weeks[^1].End, r.End);
        Assert.Equal(demo.Demo.Weeks[^2].Start, r.CompareStart);
    }

    [Fact]
    public void Bad_parameters_fail_with_the_reason()
    {
        string Fail(MonitoringReportRequest request) => Assert.Throws<MonitoringReportException>(() => MonitoringReport.Create(request)).Message;
        var missing = Path.Combine(demo.Folder, "no-such.duckdb");
        Assert.Equal($"log: '{missing}' does not exist (give the monitor's DuckDB prediction log, its Parquet export, or a folder of Parquet files).",
            Fail(demo.Request() with { Log = missing }));
        var day = demo.Demo.Weeks[0].Start;
        Assert.StartsWith("start/end: the period 2026-01-05 .. 2026-01-05 is empty", Fail(demo.Request(day, day)));
        Assert.StartsWith("start/end: no predictions of model 'adult' in 2025-06-01 .. 2025-06-08", Fail(demo.Request(new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc), null)));
        var partial = Path.Combine(demo.Folder, "partial-reference.csv");
        File.WriteAllLines(partial, File.ReadLines(demo.Demo.ReferencePath).Select(l => string.Join(',', l.Split(',').Skip(1))));   // drops the first column, age
        Assert.StartsWith($"reference: '{partial}' lacks the model's column age (", Fail(demo.Request() with { Reference = partial }));
        Assert.StartsWith("start: 'last monday' is not an ISO date", Assert.Throws<MonitoringReportException>(() => MonitoringReportRequest.FromParameters("x", "y", start: "last monday")).Message);
        Assert.StartsWith("thresholds: unknown name 'p99'", Assert.Throws<MonitoringReportException>(() => MonitoringReportRequest.FromParameters("x", "y", thresholds: "p99=1/2")).Message);
    }

    [Fact]
    public void Parquet_export_reads_like_the_DuckDB_log_without_alerts()
    {
        var parquet = Path.Combine(demo.Folder, "replicas");
        Directory.CreateDirectory(parquet);
        using (var log = Workbooks.ModelOps.Monitoring.PredictionLog.Open(demo.Demo.LogPath + ".copy.duckdb"))
        {
            log.Execute($"ATTACH '{demo.Demo.LogPath}' AS src (READ_ONLY)");
            // two replicas' exports, split by id: the folder is read as one log
            log.ExportParquet("SELECT * FROM src.prediction_log WHERE id % 2 = 0", Path.Combine(parquet, "replica-a.parquet"));
            log.ExportParquet("SELECT * FROM src.prediction_log WHERE id % 2 = 1", Path.Combine(parquet, "replica-b.parquet"));
        }
        var w = demo.Demo.Weeks[1];
        var r = MonitoringReport.Create(demo.Request(w.Start, w.End) with { Log = parquet });
        Assert.Equal(demo.Weeks[1]["traffic"].Figures["requests"], r["traffic"].Figures["requests"]);
        Assert.Equal(demo.Weeks[1]["traffic"].Figures["latency_p99_ms"]!.Value, r["traffic"].Figures["latency_p99_ms"]!.Value, 9);
        Assert.Equal(ReportStatus.Critical, r["traffic"].Status);
        Assert.Equal(ReportStatus.Ok, r["alerts"].Status);
        Assert.Contains("no alert history", r["alerts"].Reason);
    }
}
