using System.Globalization;
using Workbooks.ModelOps.Monitoring;
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

    private static (double X, string Group, double Y) Row(Random random, double noisyShare)
    {
        double x = 10 * random.NextDouble();
        bool noisy = random.NextDouble() < noisyShare;
        double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (x, noisy ? "noisy" : "calm", 3 * x + (noisy ? 6 : 0.6) * z);
    }

    /// <summary>Writes the reference (20% noisy, labelled), a labelled comparison week like it, and a period week with
    /// <paramref name="noisyShare"/> whose labels arrive only after it ends. Returns the period's true MAE.</summary>
    private double Write(double noisyShare, out string logPath, out string referencePath)
    {
        var random = new Random(20261202);
        referencePath = Path.Combine(_dir, "reference.csv");
        var lines = new List<string> { "x,group,score,y" };
        for (int i = 0; i < 2000; i++)
        {
            var (x, g, y) = Row(random, 0.2);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{x:R},{g},{3 * x:R},{y:R}"));
        }
        File.WriteAllLines(referencePath, lines);
        logPath = Path.Combine(_dir, "log.duckdb");
        double trueMae = 0;
        var calls = new List<(long Id, DateTime Time, string Features, double Score)>();
        var labels = new List<(long Id, DateTime Time, double Value)>();
        for (int week = 0; week < 2; week++)
        {
            var start = Monday.AddDays(7 * week);
            for (int i = 0; i < 1500; i++)
            {
                var (x, g, y) = Row(random, week == 0 ? 0.2 : noisyShare);
                long id = calls.Count + 1;
                var time = start + TimeSpan.FromDays(7) * ((i + 0.5) / 1500);
                calls.Add((id, time, string.Create(CultureInfo.InvariantCulture, $"{{\"x\":{x:R},\"group\":\"{g}\"}}"), 3 * x));
                // The comparison week's labels came a day later; the period's only after the period ended.
                labels.Add((id, week == 0 ? time.AddDays(1) : Monday.AddDays(15), y));
                if (week == 1) trueMae += Math.Abs(3 * x - y) / 1500;
            }
        }
        using var log = PredictionLog.Open(logPath);
        log.Append("predictions", calls, (row, c) => row.AppendValue("test").AppendValue(c.Id).AppendValue(c.Time).AppendValue("rides").AppendValue("1")
            .AppendValue(c.Features).AppendValue((string?)null).AppendValue((double?)c.Score).AppendValue(5000.0).AppendValue((string?)null));
        log.Append("labels", labels, (row, l) => row.AppendValue("test").AppendValue(l.Id).AppendValue(l.Time).AppendValue("rides")
            .AppendValue("1").AppendValue((string?)null).AppendValue((double?)l.Value));
        log.Checkpoint();
        return trueMae;
    }

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
