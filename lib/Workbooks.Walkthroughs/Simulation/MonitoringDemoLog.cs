using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Alerts;

namespace Workbooks.Walkthroughs;

/// <summary>One demo week: its number (1-based), its span [Start, End) and what happens in it.</summary>
public sealed record DemoWeek(int Number, DateTime Start, DateTime End, string Event);

/// <summary>A written demo: the DuckDB prediction log, the reference CSV the report compares with, and the weeks.</summary>
public sealed record MonitoringDemo(string LogPath, string ReferencePath, IReadOnlyList<DemoWeek> Weeks);

/// <summary>
/// Walkthrough material for the monitoring report (reports/monitoring-report.ipynb, <c>workbooks simulate --demo-weeks</c>):
/// a deterministic multi-week production log of a FastTree model on UCI Adult with known events. Week 1 is clean;
/// week 2 a latency regression (version 2 answers three times slower); week 3 a covariate shift (mostly applicants
/// aged 50 and over, version 3 fixed the latency); week 4 a concept shift (30% of outcomes differ from what the model
/// learnt: quality falls while no input drifts); later weeks are clean again. Labels arrive one to three days after
/// their prediction; alert rules on daily p99 latency and accuracy fire and resolve into the log's alerts table.
/// Why not <see cref="TrafficSimulation"/>: the replay engine measures real in-process latency (tens of µs, the
/// machine's noise), and the demo needs a latency regression that reads the same on every machine, so the log is
/// written from a seeded service-latency model (lognormal, median 8 ms) with the model's real predictions.
/// </summary>
public static class MonitoringDemoLog
{
    /// <summary>Monday of week 1 (UTC).</summary>
    public static readonly DateTime FirstWeek = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
    public const string ModelName = "adult";
    public const string LogFileName = "demo.duckdb";
    public const string ReferenceFileName = "demo-reference.csv";

    /// <summary>The demo of <paramref name="weeks"/> weeks in a per-user cache folder, written once (atomically) and reused.</summary>
    public static MonitoringDemo Default(int weeks = 4)
    {
        var folder = Path.Combine(Path.GetTempPath(), "workbooks-monitoring-demo", $"v1-{weeks}w");
        if (File.Exists(Path.Combine(folder, LogFileName)) && File.Exists(Path.Combine(folder, ReferenceFileName))) return Describe(folder, weeks);
        var staging = folder + "." + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(staging);
        Write(Path.Combine(staging, LogFileName), Path.Combine(staging, ReferenceFileName), weeks);
        try { Directory.Move(staging, folder); }
        catch (IOException) when (Directory.Exists(folder)) { Directory.Delete(staging, recursive: true); }   // another process wrote it first
        return Describe(folder, weeks);
    }

    /// <summary>Writes the demo log to <paramref name="logPath"/> (an existing file is replaced) and the reference CSV to
    /// <paramref name="referencePath"/>; their folders must exist.</summary>
    public static MonitoringDemo Write(string logPath, string referencePath, int weeks = 4, int rowsPerWeek = 1400, ulong seed = 11)
    {
        if (weeks is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(weeks), weeks, "The demo has 1 to 12 weeks.");
        var data = ReplayDataset.ForCatalog("adult");
        var table = data.Table;
        var random = new SeededRandom(seed);
        var order = Enumerable.Range(0, table.RowCount).ToArray();
        for (int i = order.Length - 1; i > 0; i--) { int j = random.NextInt(i + 1); (order[i], order[j]) = (order[j], order[i]); }
        var model = TrainedModel.Train(table.Rows(order[..6000], "adult training rows"), data.Label, data.FeatureNames, data.DefaultTrainer, data.Task, data.PositiveClass);
        WriteReference(referencePath, data, model, order[6000..9000]);
        foreach (var f in new[] { logPath, logPath + ".wal" }) if (File.Exists(f)) File.Delete(f);
        var ages = table["age"].RequireNumbers();
        var labels = table[data.Label].AsLabels();
        int next = 9000;
        var weekList = new List<DemoWeek>();
        using var log = PredictionLog.Open(logPath);
        var rules = new[]
        {
            AlertRule.Above("latency", "latency_p99_ms", warning: 30, critical: 45),
            AlertRule.Below("quality", "accuracy", warning: 0.78, critical: 0.72) with { ConsecutiveBreaches = 2 },
        };
        using var alerts = new AlertEngine(rules, [log], ModelName, "1");
        var daily = new SortedDictionary<DateTime, List<(double Latency, bool Correct)>>();
        long id = 0;
        for (int w = 1; w <= weeks; w++)
        {
            var start = FirstWeek.AddDays(7 * (w - 1));
            weekList.Add(new DemoWeek(w, start, start.AddDays(7), EventOf(w)));
            // Week 3: a covariate shift, mostly applicants aged 50 and over (P(income | inputs) unchanged).
            var rows = new List<int>(rowsPerWeek);
            while (rows.Count < rowsPerWeek)
            {
                int r = order[next++ % order.Length];
                if (w != 3 || ages[r] >= 50 || random.Chance(0.15)) rows.Add(r);
            }
            var predictions = model.Predict(table.Rows(rows, $"demo week {w}"));
            string version = w == 1 ? "1" : w == 2 ? "2" : "3";
            var calls = new List<(long Id, DateTime Time, string Features, string? Prediction, double Score, double Latency, string? Failure)>(rowsPerWeek);
            var truths = new List<(long Id, DateTime Time, string Label)>(rowsPerWeek);
            for (int i = 0; i < rows.Count; i++)
            {
                var time = start + TimeSpan.FromDays(7) * ((i + random.NextDouble()) / rows.Count);
                double latency = 8000 * Math.Exp(0.35 * random.Normal()) * (w == 2 ? 3 : 1);   // µs
                bool failed = random.Chance(0.002);
                id++;
                if (failed) { calls.Add((id, time, data.FeaturesJson(data.FeatureNames, rows[i]), null, double.NaN, 1_000_000, "timeout")); continue; }
                // Week 4: the concept shifts, 30% of outcomes are the other class.
                var truth = w == 4 && random.Chance(0.3) ? (labels[rows[i]] == data.PositiveClass ? data.NegativeClass! : data.PositiveClass!) : labels[rows[i]]!;
                calls.Add((id, time, data.FeaturesJson(data.FeatureNames, rows[i]), predictions[i].Class, predictions[i].Score, latency, null));
                truths.Add((id, time + TimeSpan.FromHours(24 + 48 * random.NextDouble()), truth));
                if (!daily.TryGetValue(time.Date, out var day)) daily[time.Date] = day = [];
                day.Add((latency, predictions[i].Class == truth));
            }
            log.Append("predictions", calls, (row, c) => row.AppendValue("demo").AppendValue(c.Id).AppendValue(c.Time).AppendValue(ModelName).AppendValue(version)
                .AppendValue(c.Features).AppendValue(c.Prediction).AppendValue(double.IsNaN(c.Score) ? (double?)null : c.Score).AppendValue(c.Latency).AppendValue(c.Failure));
            log.Append("labels", truths.OrderBy(t => t.Time).ToList(), (row, l) => row.AppendValue("demo").AppendValue(l.Id).AppendValue(l.Time).AppendValue(ModelName)
                .AppendValue(version).AppendValue(l.Label).AppendValue((double?)null));
        }
        // The alert rules judge each day when it ends: its p99 latency, and the accuracy of the day whose labels have all arrived (three days back).
        foreach (var (day, values) in daily)
        {
            var end = day.AddDays(1);
            var latencies = values.Select(v => v.Latency).Order().ToArray();
            alerts.Observe("latency_p99_ms", latencies[(int)Math.Ceiling(0.99 * latencies.Length) - 1] / 1000, end, day.ToString("yyyy-MM-dd"));
            if (daily.TryGetValue(day.AddDays(-3), out var labelled))
                alerts.Observe("accuracy", labelled.Average(v => v.Correct ? 1.0 : 0.0), end, day.AddDays(-3).ToString("yyyy-MM-dd"));
        }
        alerts.Flush();
        log.Checkpoint();
        return new MonitoringDemo(Path.GetFullPath(logPath), Path.GetFullPath(referencePath), weekList);
    }

    private static string EventOf(int week) => week switch
    {
        2 => "latency regression (version 2 answers three times slower)",
        3 => "covariate shift: mostly applicants aged 50 and over",
        4 => "concept shift: 30% of outcomes differ from what the model learnt",
        _ => "clean",
    };

    private static MonitoringDemo Describe(string folder, int weeks) => new(Path.Combine(folder, LogFileName), Path.Combine(folder, ReferenceFileName),
        Enumerable.Range(1, weeks).Select(w => new DemoWeek(w, FirstWeek.AddDays(7 * (w - 1)), FirstWeek.AddDays(7 * w), EventOf(w))).ToList());

    // The held-out rows the model never trained on: its features, the label, and the model's prediction and score on them.
    private static void WriteReference(string path, ReplayDataset data, TrainedModel model, int[] rows)
    {
        var held = data.Table.Rows(rows, "adult reference rows");
        var predictions = model.Predict(held);
        var columns = data.FeatureNames.Append(data.Label).Select(n => held[n]).ToList();
        columns.Add(TableColumn.Categorical("prediction", predictions.Select(p => p.Class).ToArray()));
        columns.Add(TableColumn.Numerical("score", predictions.Select(p => p.Score).ToArray()));
        TableCsvWriter.Write(new Table(columns, "demo reference"), path);
    }
}
