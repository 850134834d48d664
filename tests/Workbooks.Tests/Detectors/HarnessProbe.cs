using Workbooks.ModelOps.Detectors.Evaluation;
using Xunit;

namespace Workbooks.Tests.Detectors;

public class HarnessProbe
{
    [Fact]
    public void Probe()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var report = DetectionQualityHarness.RunStandard();
        File.WriteAllText("/tmp/quality.csv", report.ToCsv() + $"\n{sw.ElapsedMilliseconds} ms\n");
    }
}
