using Workbooks.ModelOps.Monitoring.Reports;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Reports;

/// <summary>
/// The report on a regression model whose labels have not arrived: DLE, fitted on the reference, estimates the
/// period's MAE. The data are built so the answer is known: y = 3x + noise, the noise ten times larger for group
/// "noisy" than for "calm", and the model predicts 3x. A period where most traffic is "noisy" has a known MAE
/// (the mean |noise|), which the estimate must come close to, and which the quality section must call critical.
/// </summary>
public sealed class RegressionReportTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTime Monday = new(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-regression-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private double Write(double noisyShare, out string logPath, out string referencePath) =>
        SyntheticRegressionLog.Write(_dir, Monday, noisyShare, _ => "1", out logPath, out referencePath);

    private MonitoringReport Report(string logPath, string referencePath) => MonitoringReport.Create(new MonitoringReportRequest
    {
        Log = logPath, Reference = referencePath, Start = Monday.AddDays(7), End = Monday.AddDays(14),
    });

    [Fact]
    public void DLE_estimates_the_MAE_of_a_period_without_labels_and_calls_a_rise_critical()
    {
        double trueMae = Write(noisyShare: 0.8, out var logPath, out var referencePath);
        var report = Report(logPath, referencePath);
        var quality = report["quality"];
        output.WriteLine(quality.ToString());
        double estimated = quality.Figures["quality_estimated"]!.Value, reference = quality.Figures["quality_reference"]!.Value;
        output.WriteLine($"true MAE {trueMae:F3}, DLE {estimated:F3}, reference {reference:F3}");
        Assert.Contains("(DLE)", quality.Reason);
        Assert.Equal("mae", report.QualityMetric);
        // The tree error model sees the group and the prediction; 15% is a tolerance for 1,500 rows and 2,000 to learn from.
        Assert.InRange(estimated, 0.85 * trueMae, 1.15 * trueMae);
        Assert.InRange(reference, 1.3, 1.9);   // E|noise| = 0.2 * 6 * 0.798 + 0.8 * 0.6 * 0.798 = 1.34, plus sampling
        Assert.Equal(ReportStatus.Critical, quality.Status);
        Assert.Null(quality.Figures["quality_realised"]);   // no label had arrived when the period ended
    }

    [Fact]
    public void DLE_on_a_period_like_the_reference_is_ok()
    {
        double trueMae = Write(noisyShare: 0.2, out var logPath, out var referencePath);
        var quality = Report(logPath, referencePath)["quality"];
        output.WriteLine($"{quality}; true MAE {trueMae:F3}");
        Assert.InRange(quality.Figures["quality_estimated"]!.Value, 0.85 * trueMae, 1.15 * trueMae);
        Assert.Equal(ReportStatus.Ok, quality.Status);
    }
}
