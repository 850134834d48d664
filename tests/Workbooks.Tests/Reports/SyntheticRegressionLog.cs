using System.Globalization;
using Workbooks.ModelOps.Monitoring;

namespace Workbooks.Tests.Reports;

/// <summary>
/// A regression model's log with a known answer: y = 3x + noise, the noise ten times larger for group "noisy" than
/// for "calm", and the model predicts 3x, so the MAE of any stretch of traffic is its mean |noise|. Two weeks from
/// <c>monday</c>: a comparison week like the reference (20% noisy, labelled a day later), then the period with the
/// given share of noisy rows, whose labels arrive only after it ends.
/// </summary>
internal static class SyntheticRegressionLog
{
    public const string Model = "rides";

    private static (double X, string Group, double Y) Row(Random random, double noisyShare)
    {
        double x = 10 * random.NextDouble();
        bool noisy = random.NextDouble() < noisyShare;
        double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (x, noisy ? "noisy" : "calm", 3 * x + (noisy ? 6 : 0.6) * z);
    }

    /// <summary>Writes log.duckdb and reference.csv into <paramref name="folder"/>; <paramref name="periodVersion"/> gives the
    /// version that served the period's i-th call (the comparison week is version 1). Returns the period's true MAE.</summary>
    public static double Write(string folder, DateTime monday, double noisyShare, Func<int, string> periodVersion, out string logPath, out string referencePath)
    {
        var random = new Random(20261202);
        referencePath = Path.Combine(folder, "reference.csv");
        var lines = new List<string> { "x,group,score,y" };
        for (int i = 0; i < 2000; i++)
        {
            var (x, g, y) = Row(random, 0.2);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{x:R},{g},{3 * x:R},{y:R}"));
        }
        File.WriteAllLines(referencePath, lines);
        logPath = Path.Combine(folder, "log.duckdb");
        double trueMae = 0;
        var calls = new List<(long Id, DateTime Time, string Version, string Features, double Score)>();
        var labels = new List<(long Id, DateTime Time, string Version, double Value)>();
        for (int week = 0; week < 2; week++)
        {
            var start = monday.AddDays(7 * week);
            for (int i = 0; i < 1500; i++)
            {
                var (x, g, y) = Row(random, week == 0 ? 0.2 : noisyShare);
                long id = calls.Count + 1;
                var time = start + TimeSpan.FromDays(7) * ((i + 0.5) / 1500);
                string version = week == 0 ? "1" : periodVersion(i);
                calls.Add((id, time, version, string.Create(CultureInfo.InvariantCulture, $"{{\"x\":{x:R},\"group\":\"{g}\"}}"), 3 * x));
                labels.Add((id, week == 0 ? time.AddDays(1) : monday.AddDays(15), version, y));
                if (week == 1) trueMae += Math.Abs(3 * x - y) / 1500;
            }
        }
        using var log = PredictionLog.Open(logPath);
        log.Append("predictions", calls, (row, c) => row.AppendValue("test").AppendValue(c.Id).AppendValue(c.Time).AppendValue(Model).AppendValue(c.Version)
            .AppendValue(c.Features).AppendValue((string?)null).AppendValue((double?)c.Score).AppendValue(5000.0).AppendValue((string?)null));
        log.Append("labels", labels, (row, l) => row.AppendValue("test").AppendValue(l.Id).AppendValue(l.Time).AppendValue(Model)
            .AppendValue(l.Version).AppendValue((string?)null).AppendValue((double?)l.Value));
        log.Checkpoint();
        return trueMae;
    }
}
