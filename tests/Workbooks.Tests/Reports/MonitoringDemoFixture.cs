using Workbooks.ModelOps.Monitoring.Reports;
using Workbooks.Walkthroughs;

namespace Workbooks.Tests.Reports;

/// <summary>The demo log with its known events (written once per test run: a FastTree model on Adult, four weeks of
/// traffic) and each week's report, so the tests check them without recomputing.</summary>
public sealed class MonitoringDemoFixture : IDisposable
{
    public MonitoringDemoFixture()
    {
        Folder = Directory.CreateTempSubdirectory("wb-monitoring-report-").FullName;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Demo = MonitoringDemoLog.Write(Path.Combine(Folder, "demo.duckdb"), Path.Combine(Folder, "demo-reference.csv"), weeks: 4);
        DemoSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        Weeks = Demo.Weeks.Select(w => MonitoringReport.Create(Request(w.Start, w.End))).ToList();
        ReportSeconds = clock.Elapsed.TotalSeconds / Weeks.Count;
    }

    public string Folder { get; }
    public MonitoringDemo Demo { get; }
    public IReadOnlyList<MonitoringReport> Weeks { get; }
    public double DemoSeconds { get; }
    public double ReportSeconds { get; }

    public MonitoringReportRequest Request(DateTime? start = null, DateTime? end = null) =>
        new() { Log = Demo.LogPath, Reference = Demo.ReferencePath, Start = start, End = end };

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
