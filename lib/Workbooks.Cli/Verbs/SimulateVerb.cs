using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring;
using Workbooks.ModelOps.Monitoring.Simulation;
using Workbooks.ModelOps.Windows;
using Workbooks.Walkthroughs;

namespace Workbooks.Cli.Verbs;

/// <summary><c>workbooks simulate</c>: replays a catalog dataset or a CSV in time order as production traffic
/// through a model with the monitor on; prints a live summary; Ctrl+C stops it cleanly with everything flushed.</summary>
public sealed class SimulateVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var dataset = new Option<string?>("--dataset") { Description = $"A catalog dataset ({string.Join(", ", DatasetCatalog.Names)}) or a CSV file (required unless --demo-weeks)." };
        var demoWeeks = new Option<int?>("--demo-weeks") { Description = "Write the monitoring report's demo instead: N weeks (1-12) of a model on Adult with known events (latency regression in week 2, feature drift in week 3, quality drop in week 4) into --log, and its reference CSV beside it." };
        var model = new Option<string?>("--model") { Description = "A model file: one saved by 'simulate --train --save-model' (TrainedModel.Save), or any regression or binary-classification ML.NET zip saved with mlContext.Model.Save; its input columns are read from the dataset by name." };
        var train = new Option<bool>("--train") { Description = "Train a model on the first part of the data (see --train-fraction) and replay the rest." };
        var saveModel = new Option<string?>("--save-model") { Description = "With --train: save the model here." };
        var trainFraction = new Option<double>("--train-fraction") { Description = "Share of rows used to train (the last fifth of it is the holdout).", DefaultValueFactory = _ => 0.2 };
        var label = new Option<string?>("--label") { Description = "Label column (CSV input; catalog datasets know theirs)." };
        var time = new Option<string?>("--time") { Description = "ISO date/time column (CSV input); without it rows are a minute apart." };
        var rate = new Option<double?>("--rate") { Description = "Rows per second (default: as fast as the model goes)." };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds." };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve Prometheus metrics on 127.0.0.1:PORT/metrics." };
        var log = new Option<string?>("--log") { Description = "DuckDB prediction log file." };
        var alerts = new Option<string?>("--alerts") { Description = "JSON Lines file for alert events." };
        var labelDelay = new Option<int>("--label-delay") { Description = "A label arrives this many rows after its prediction.", DefaultValueFactory = _ => 0 };
        var window = new Option<string>("--window") { Description = "Window: a row count (500), or a period (hour, day, week, month).", DefaultValueFactory = _ => "500" };
        var flushInterval = new Option<double>("--flush-interval") { Description = "Seconds between prediction-log batches.", DefaultValueFactory = _ => 1.0 };

        var command = new Command("simulate", "Replay a dataset as production traffic through a monitored model.");
        foreach (var o in new Option[] { dataset, demoWeeks, model, train, saveModel, trainFraction, label, time, rate, duration, metricsPort, log, alerts, labelDelay, window, flushInterval })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            if (parse.GetValue(demoWeeks) is { } weeks) return Demo(context, weeks, parse.GetValue(log), parse.GetValue(dataset));
            if (parse.GetValue(dataset) is null) throw new BadInputException("Option '--dataset' is required (or --demo-weeks N for the monitoring report's demo).");
            var modelPath = parse.GetValue(model);
            bool doTrain = parse.GetValue(train);
            if (doTrain == (modelPath is not null)) throw new BadInputException("Give exactly one of --model FILE or --train.");
            var fraction = parse.GetValue(trainFraction);
            if (!(fraction > 0 && fraction < 1)) throw new BadInputException($"--train-fraction must be between 0 and 1, not {fraction.ToString(CultureInfo.InvariantCulture)}.");
            var data = LoadData(parse.GetValue(dataset)!, parse.GetValue(label), parse.GetValue(time));
            int trainEnd = (int)(data.RowCount * fraction), fitEnd = trainEnd - trainEnd / 5;
            TrainedModel replayModel;
            // a saved model's columns are bound to the data by name: a missing or mistyped one is bad input naming it and the file
            try { replayModel = doTrain ? data.Train(0, fitEnd) : data.Bind(TrainedModel.Load(modelPath!)); }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or ArgumentException) { throw new BadInputException(e.Message); }
            if (doTrain && parse.GetValue(saveModel) is { } save) replayModel.Save(save);
            var baseline = data.Evaluate(replayModel, fitEnd, Math.Max(fitEnd + 1, trainEnd));
            var options = new SimulationOptions
            {
                Rate = Positive(parse.GetValue(rate), "--rate"),
                Duration = Positive(parse.GetValue(duration), "--duration") is { } s ? TimeSpan.FromSeconds(s) : null,
                MetricsPort = parse.GetValue(metricsPort),
                LogPath = parse.GetValue(log),
                LogOptions = new PredictionLogOptions { FlushInterval = TimeSpan.FromSeconds(Positive(parse.GetValue(flushInterval), "--flush-interval") ?? 1) },
                AlertsPath = parse.GetValue(alerts),
                LabelDelay = Math.Max(0, parse.GetValue(labelDelay)),
                Window = ParseWindow(parse.GetValue(window)!),
                ModelName = Path.GetFileNameWithoutExtension(parse.GetValue(dataset)!),
            };
            return Run(context, data, replayModel, trainEnd, options, baseline);
        });
        return command;
    }

    /// <summary><c>--demo-weeks N</c>: the monitoring report's deterministic demo log and its reference CSV.</summary>
    private static int Demo(CliContext context, int weeks, string? log, string? dataset)
    {
        if (weeks is < 1 or > 12) throw new BadInputException($"--demo-weeks must be 1 to 12, not {weeks}.");
        if (log is null) throw new BadInputException("--demo-weeks needs --log FILE.duckdb (the reference CSV is written beside it).");
        if (dataset is not null and not "adult") throw new BadInputException($"--demo-weeks replays adult; leave out --dataset '{dataset}'.");
        var full = Path.GetFullPath(log);
        if (!Directory.Exists(Path.GetDirectoryName(full))) throw new BadInputException($"--log '{log}': the folder '{Path.GetDirectoryName(full)}' does not exist.");
        var reference = Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + "-reference.csv");
        var demo = Workbooks.Walkthroughs.MonitoringDemoLog.Write(full, reference, weeks);
        foreach (var w in demo.Weeks) context.Out.WriteLine($"week {w.Number}: {w.Start:yyyy-MM-dd} .. {w.End:yyyy-MM-dd}: {w.Event}");
        context.Out.WriteLine($"log: {demo.LogPath}");
        context.Out.WriteLine($"reference: {demo.ReferencePath}");
        return ExitCodes.Success;
    }

    private static int Run(CliContext context, ReplayDataset data, TrainedModel model, int from, SimulationOptions options, IReadOnlyDictionary<string, double> baseline)
    {
        using var cts = new CancellationTokenSource();
        // Ctrl+C (SIGINT) and SIGTERM stop the replay; the simulation then flushes everything before exiting.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cts.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
        var gate = new object();
        context.Out.WriteLine($"replaying {data.RowCount - from} rows of {data.Table.Source} ({data.Task.ToString().ToLowerInvariant()}, label '{data.Label}'); holdout: {string.Join(" ", baseline.Select(kv => $"{kv.Key}={kv.Value:0.###}"))}");
        if (options.MetricsPort is { } port) context.Out.WriteLine($"metrics: http://127.0.0.1:{port}/metrics");
        context.Out.Flush();
        ReplayResult result;
        try
        {
            result = TrafficSimulation.Run(data, model, from, options, baseline,
                p => { lock (gate) { context.Out.WriteLine(p); context.Out.Flush(); } },
                n => { lock (gate) { context.Out.WriteLine($"flushed {n}"); context.Out.Flush(); } },
                cts.Token);
        }
        catch (IOException e) { throw new BadInputException(e.Message); }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Cannot serve metrics", StringComparison.Ordinal)) { throw new BadInputException(e.Message); }
        context.Out.WriteLine($"{(result.Interrupted ? "interrupted" : "done")}: {result.RowsReplayed} rows, requests={result.Counts.Requests} failures={result.Counts.Failures} dropped={result.Counts.Dropped} labels joined={result.Counts.Labels.Joined}, alerts={result.Alerts.Count}, logged={result.FlushedPredictions}");
        return ExitCodes.Success;
    }

    private static ReplayDataset LoadData(string dataset, string? label, string? time)
    {
        try
        {
            if (DatasetCatalog.Names.Contains(dataset)) return label is null ? ReplayDataset.ForCatalog(dataset)
                : ReplayDataset.Create(DatasetCatalog.LoadTable(dataset), label, time);
            if (!File.Exists(dataset)) throw new BadInputException($"'{dataset}' is neither a catalog dataset ({string.Join(", ", DatasetCatalog.Names)}) nor a CSV file.");
            if (label is null) throw new BadInputException($"--label is needed to replay the CSV '{dataset}'.");
            return ReplayDataset.Create(Table.ReadCsv(dataset), label, time);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidDataException)
        {
            throw new BadInputException(e.Message);
        }
    }

    private static WindowSpec ParseWindow(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0) return WindowSpec.ByCount(n);
        if (Enum.TryParse<ChunkPeriod>(text, ignoreCase: true, out var period)) return WindowSpec.ByPeriod(period);
        throw new BadInputException($"--window must be a row count or one of hour, day, week, month, quarter, year; not '{text}'.");
    }

    private static double? Positive(double? v, string name) => v is null ? null
        : v > 0 && double.IsFinite(v.Value) ? v : throw new BadInputException($"{name} must be a positive number, not {v.Value.ToString(CultureInfo.InvariantCulture)}.");
}
