using Workbooks.ModelOps.Monitoring.Reports;
using Workbooks.Tests.Notebooks;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Reports;

/// <summary>reports/monitoring-report.ipynb run headlessly by <c>workbooks run</c> on the default demo log: its summary.json
/// matches the library's report, <c>--fail-on critical</c> fails the run, a bad parameter fails the first cell with
/// the reason; and <c>workbooks reports history</c> over dated runs.</summary>
[Collection(KernelCollection.Name)]
public sealed class ReportNotebookTests(MonitoringDemoFixture demo, ITestOutputHelper output) : IClassFixture<MonitoringDemoFixture>
{
    private static string Notebook => Path.Combine(TestEnvironment.RepoRoot, "reports", "monitoring-report.ipynb");

    [Fact]
    public void Report_notebook_writes_summary_json_and_fail_on_critical_fails_the_run()
    {
        var week = demo.Demo.Weeks[1];
        var folder = Path.Combine(demo.Folder, "run-week2");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // log and reference left empty: the notebook reads the library's demo (MonitoringDemoLog.Default, written by the
        // kernel process), which must equal the fixture's, written here with the same seed.
        var (exit, stdout, err) = NotebookFixtures.Cli("run", Notebook, "-o", folder, "--fail-on", "critical", "-p", "start=2026-01-12", "-p", "end=2026-01-19");
        output.WriteLine($"exit {exit} in {clock.Elapsed.TotalSeconds:0.0} s\n{stdout}\n{err}");
        Assert.Equal(1, exit);   // the notebook passed; week 2 is critical
        Assert.Contains("1/1 notebooks passed", stdout);
        Assert.Contains("status critical (--fail-on critical)", err);
        var summary = ReportSummary.Load(Path.Combine(folder, ReportSummary.FileName));
        var expected = demo.Weeks[1];
        Assert.Equal(week.Start, summary.Start);
        Assert.Equal(expected.Sections.Select(s => (s.Key, s.Status)), summary.Sections.Select(s => (s.Key, s.Status)));
        Assert.Equal(expected.Headline, summary.Headline);
        Assert.Contains("Traffic, latency and errors", File.ReadAllText(Path.Combine(folder, "monitoring-report.html")));

        // a single run's folder is a history of one
        var (history, _, historyErr) = NotebookFixtures.Cli("reports", "history", folder);
        Assert.True(history == 0, historyErr);
    }

    [Fact]
    public void Missing_log_fails_the_first_cell_with_the_reason()
    {
        var folder = Path.Combine(demo.Folder, "run-missing");
        var missing = Path.Combine(demo.Folder, "nowhere.duckdb");
        var (exit, stdout, err) = NotebookFixtures.Cli("run", Notebook, "-o", folder, "-p", $"log={missing}", "-p", $"reference={demo.Demo.ReferencePath}");
        output.WriteLine($"exit {exit}\n{stdout}\n{err}");
        Assert.Equal(1, exit);
        Assert.Contains("monitoring-report.ipynb: cell 5 ", err);   // the first code cell after the parameters (cell 5 of the notebook as written)
        Assert.Contains($"log: '{missing}' does not exist", err);
        Assert.False(File.Exists(Path.Combine(folder, ReportSummary.FileName)));
    }

    [Fact]
    public void History_page_has_a_row_per_dated_run_and_the_trend_charts()
    {
        var root = Path.Combine(demo.Folder, "history-" + Guid.NewGuid().ToString("N"));
        foreach (var r in demo.Weeks) r.WriteSummary(Path.Combine(root, r.End.AddDays(-1).ToString("yyyy-MM-dd")));
        var (exit, stdout, err) = NotebookFixtures.Cli("reports", "history", root);
        Assert.True(exit == 0, err);
        Assert.Contains("4 runs (2026-01-11 ok, 2026-01-18 critical, 2026-01-25 warning, 2026-02-01 critical)", stdout);
        var html = File.ReadAllText(Path.Combine(root, ReportHistory.PageName));
        foreach (var title in new[] { "Share of drifted features", "p99 latency", "Error rate", "Quality (accuracy)" }) Assert.Contains(title, html);
        Assert.Equal(4, ReportHistory.Load(root).Count);
        Assert.True(File.Exists(Path.Combine(root, "plotly.min.js")));

        var empty = Directory.CreateTempSubdirectory("wb-history-empty-").FullName;
        var (bad, _, badErr) = NotebookFixtures.Cli("reports", "history", empty);
        Assert.Equal(2, bad);
        Assert.Contains("holds no summary.json", badErr);
        File.WriteAllText(Path.Combine(empty, "summary.json"), "{\"schema\": \"something else\"}");
        var (bad2, _, badErr2) = NotebookFixtures.Cli("reports", "history", empty);
        Assert.Equal(2, bad2);
        Assert.Contains("summary.json: schema 'something else'", badErr2);
        Directory.Delete(empty, recursive: true);
    }
}
