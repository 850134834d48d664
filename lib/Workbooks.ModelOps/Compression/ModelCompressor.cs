using System.Diagnostics;
using HdrHistogram;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring;

namespace Workbooks.ModelOps.Compression;

/// <summary>Settings of <see cref="ModelCompressor.Compress"/>.</summary>
public sealed record CompressionOptions
{
    /// <summary>Built-in technique names (<see cref="CompressionTechniques.Names"/>) or names of <see cref="Extra"/> techniques.</summary>
    public IReadOnlyList<string> Techniques { get; init; } = ["compile", "prune", "quantize", "distill"];
    /// <summary>Techniques beyond the built-ins (ONNX Runtime lives in Workbooks.ModelOps.Onnx), picked by name in <see cref="Techniques"/>.</summary>
    public IReadOnlyList<ICompressionTechnique> Extra { get; init; } = [];
    /// <summary>The quality a variant may lose and still be accepted: points of accuracy (classification) or percent
    /// of relative MAE (regression).</summary>
    public double Budget { get; init; } = 0.5;
    /// <summary>Rows to fit on (distillation, calibration, tree contributions, leaf re-fits: these need the label
    /// column). Null: a seeded half of the held-out rows, and the variants are measured on the other half, so no
    /// variant is judged on rows it was fitted to.</summary>
    public Table? FitData { get; init; }
    /// <summary>The label column of the held-out rows (default: the model's own).</summary>
    public string? Label { get; init; }
    /// <summary>Timed single-row calls per model (spread over rounds, the models taking turns).</summary>
    public int LatencyCalls { get; init; } = 2000;
    public int Seed { get; init; } = 1;
}

/// <summary>
/// The one entry point of model compression: give it a trained model and held-out rows; it makes the variants of the
/// chosen techniques and measures each against the original in the same run: file size, single-row latency p50 and
/// p99 (HdrHistogram, the models timed in alternating rounds so machine load falls on all alike), batch throughput,
/// and quality on the held-out rows (accuracy or MAE) with its change. A variant is accepted when it loses no more
/// than the budget. Every variant is a model (<see cref="IPredictiveModel"/>) that predicts, saves and loads.
/// </summary>
public static class ModelCompressor
{
    /// <summary>Compresses <paramref name="model"/> and measures the variants on <paramref name="heldOut"/>. A table
    /// missing a model column or the label is an <see cref="ArgumentException"/>, a model that is neither a tree
    /// ensemble nor a linear model a <see cref="NotSupportedException"/>, both naming what is wrong.</summary>
    public static CompressionReport Compress(TrainedModel model, Table heldOut, CompressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(heldOut);
        options ??= new CompressionOptions();
        model.CheckColumns(heldOut);
        var label = options.Label ?? model.Label
            ?? throw new ArgumentException($"The model '{model.Source}' does not name its label column; give CompressionOptions.Label.");
        if (!heldOut.HasColumn(label)) throw new ArgumentException($"{heldOut.Source} has no label column '{label}' to measure quality on.");
        if (!(options.Budget >= 0)) throw new ArgumentException($"The budget must be a number >= 0, not {options.Budget}.");
        var techniques = options.Techniques.Select(n => options.Extra.FirstOrDefault(t => t.Name == n) ?? CompressionTechniques.Get(n)).ToList();
        bool trees = CompressionTechniques.KindOf(model) == CompressibleKind.Trees;   // an unsupported model kind fails here, before any work
        var (fit, measure) = options.FitData is { } given ? (given, heldOut) : Split(heldOut, options.Seed);
        if (measure.RowCount < 10) throw new ArgumentException($"{heldOut.Source} has {heldOut.RowCount} rows; at least 20 are needed to fit and measure.");
        if (trees && options.Techniques.Contains("prune") && !fit.HasColumn(label))
            throw new ArgumentException($"The fit rows ({fit.Source}) have no label column '{label}'; prune's leaf re-fit needs it.");
        var input = new CompressionInput(model, fit, options.Seed, label);
        var candidates = new List<CompressionCandidate>();
        var skipped = new List<SkippedTechnique>();
        foreach (var t in techniques)
        {
            try { candidates.AddRange(t.Apply(input)); }
            catch (NotSupportedException e) { skipped.Add(new SkippedTechnique(t.Name, e.Message)); }
        }
        var models = new List<IPredictiveModel> { model };
        models.AddRange(candidates.Select(c => c.Model));
        var latency = Latencies(models, measure, options.LatencyCalls);
        var metric = model.Task == ModelTask.Regression ? "mae" : "accuracy";
        var original = Measure(model, measure, label, latency[0]);
        var variants = candidates.Select((c, i) =>
        {
            var m = Measure(c.Model, measure, label, latency[i + 1]);
            double delta = m.Value - original.Value;
            double loss = metric == "mae" ? (original.Value > 0 ? 100 * delta / original.Value : delta > 0 ? double.PositiveInfinity : 0) : -100 * delta;
            return new CompressionVariant(c, m, delta, loss <= options.Budget);
        }).ToList();
        return new CompressionReport(model, metric, options.Budget, fit.RowCount, measure.RowCount, original, variants, skipped);
    }

    private static (Table Fit, Table Measure) Split(Table table, int seed)
    {
        var order = Enumerable.Range(0, table.RowCount).ToArray();
        var random = new SeededRandom((ulong)seed);
        for (int i = order.Length - 1; i > 0; i--) { int j = random.NextInt(i + 1); (order[i], order[j]) = (order[j], order[i]); }
        int half = order.Length / 2;
        return (table.Rows(order[..half], "the fitting half"), table.Rows(order[half..], "the measuring half"));
    }

    private static VariantMeasurement Measure(IPredictiveModel model, Table table, string label, (double P50, double P99) latency)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"workbooks-compress-{Guid.NewGuid():N}.model");
        byte[] file;
        try { model.Save(temp); file = File.ReadAllBytes(temp); }
        finally { File.Delete(temp); }
        PredictionView[] predictions = [];
        double best = double.PositiveInfinity;
        for (int rep = 0; rep < 3; rep++)
        {
            long start = Stopwatch.GetTimestamp();
            predictions = model.Predict(table);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return new VariantMeasurement(file, latency.P50, latency.P99, table.RowCount / Math.Max(best, 1e-9), Quality(model, predictions, table, label));
    }

    /// <summary>Accuracy (classification) or mean absolute error (regression) of <paramref name="predictions"/> against the label column.</summary>
    public static double Quality(IPredictiveModel model, IReadOnlyList<PredictionView> predictions, Table table, string label)
    {
        var column = table[label];
        if (model.Task == ModelTask.Regression)
        {
            var y = column.RequireNumbers();
            double sum = 0; int n = 0;
            for (int r = 0; r < y.Length; r++) if (!double.IsNaN(y[r])) { sum += Math.Abs(predictions[r].Score - y[r]); n++; }
            return n > 0 ? sum / n : double.NaN;
        }
        var truth = column.AsLabels();
        int right = 0, counted = 0;
        for (int r = 0; r < truth.Length; r++)
        {
            if (truth[r] is null) continue;
            counted++;
            if (string.Equals(predictions[r].Class, truth[r], StringComparison.Ordinal)) right++;
        }
        return counted > 0 ? (double)right / counted : double.NaN;
    }

    // Single-row latency of every model, in rounds of 100 calls each (warm-up first), so a change in the machine's
    // load during the run falls on all models alike. Recorded in nanoseconds into HdrHistogram (3 significant digits).
    private static List<(double P50, double P99)> Latencies(IReadOnlyList<IPredictiveModel> models, Table table, int calls)
    {
        var predictors = models.Select(m => m.CreatePredictor(table)).ToList();
        var histograms = models.Select(_ => new LongHistogram(1, 60_000_000_000L, 3)).ToList();
        int row = 0;
        foreach (var p in predictors) for (int i = 0; i < Math.Min(200, table.RowCount); i++) p(i);
        const int Chunk = 100;
        for (int done = 0; done < calls; done += Chunk)
        {
            for (int m = 0; m < predictors.Count; m++)
            {
                var p = predictors[m];
                for (int i = 0; i < Chunk; i++)
                {
                    int r = (row + i) % table.RowCount;
                    long start = Stopwatch.GetTimestamp();
                    p(r);
                    long ticks = Stopwatch.GetTimestamp() - start;
                    histograms[m].RecordValue(Math.Max(1, ticks * 1_000_000_000L / Stopwatch.Frequency));
                }
            }
            row = (row + Chunk) % table.RowCount;
        }
        return histograms.Select(h => (h.GetValueAtPercentile(50) / 1000.0, h.GetValueAtPercentile(99) / 1000.0)).ToList();
    }
}
