using System.Globalization;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Registry;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Compression;

/// <summary>One model's measurements: its file (<see cref="Bytes"/> is its size on disk), single-row latency p50 and
/// p99 in microseconds, batch rows per second, and the quality <see cref="Value"/> (accuracy or MAE) on held-out rows.</summary>
public sealed record VariantMeasurement(byte[] File, double P50Us, double P99Us, double RowsPerSecond, double Value)
{
    public long Bytes => File.LongLength;
}

/// <summary>A measured variant: how it was made, what it measured, the quality change against the original
/// (<see cref="Delta"/>, in the metric's units: accuracy as a fraction, MAE in the label's units), and whether that
/// change is within the budget.</summary>
public sealed record CompressionVariant(CompressionCandidate Candidate, VariantMeasurement Measurement, double Delta, bool Accepted)
{
    public string Technique => Candidate.Technique;
    public string Parameters => Candidate.Parameters;
    public IPredictiveModel Model => Candidate.Model;
}

/// <summary>A technique that did not apply to the model, and why.</summary>
public sealed record SkippedTechnique(string Technique, string Reason);

/// <summary>
/// What <see cref="ModelCompressor.Compress"/> found: the original's measurements and every variant's, the budget
/// they were judged by, and the techniques that did not apply. <see cref="Recommended"/> is the variant to ship:
/// the smallest accepted one (then the fastest). <see cref="ToJson"/> writes the <c>workbooks compress</c> document.
/// </summary>
public sealed record CompressionReport(TrainedModel Original, string Metric, double Budget, int FitRows, int MeasuredRows,
    VariantMeasurement OriginalMeasurement, IReadOnlyList<CompressionVariant> Variants, IReadOnlyList<SkippedTechnique> Skipped) : IHtmlRenderable
{
    /// <summary>The smallest accepted variant (ties: the lowest p50), or null when none is accepted.</summary>
    public CompressionVariant? Recommended => Variants.Where(v => v.Accepted).OrderBy(v => v.Measurement.Bytes).ThenBy(v => v.Measurement.P50Us).FirstOrDefault();

    /// <summary>The JSON document of the CLI: <c>{"original": {...}, "variants": [...], "skipped": [...]}</c>;
    /// <paramref name="files"/> gives each variant's written file (by index), null where none was written.</summary>
    public string ToJson(IReadOnlyList<string?>? files = null, bool indented = false) => JsonText.Serialize(new ReportJson(
        new OriginalJson(OriginalMeasurement.Bytes, OriginalMeasurement.P50Us, OriginalMeasurement.P99Us, Math.Round(OriginalMeasurement.RowsPerSecond), Metric, OriginalMeasurement.Value),
        Budget, FitRows, MeasuredRows,
        Variants.Select((v, i) => new VariantJson(v.Technique, v.Parameters, v.Measurement.Bytes, v.Measurement.P50Us, v.Measurement.P99Us, Math.Round(v.Measurement.RowsPerSecond),
            v.Measurement.Value, v.Delta, v.Accepted, files is not null && i < files.Count ? files[i] : null)).ToList(),
        Skipped.Select(s => new SkippedJson(s.Technique, s.Reason)).ToList()), indented);

    // The workbooks compress document (docs/compression.md); measurements that are not finite are null.
    private sealed record ReportJson(OriginalJson Original, double Budget, int FitRows, int MeasuredRows, IReadOnlyList<VariantJson> Variants, IReadOnlyList<SkippedJson> Skipped);

    private sealed record OriginalJson(long Bytes, double P50Us, double P99Us, double RowsPerS, string Metric, double Value);

    private sealed record VariantJson(string Technique, string Params, long Bytes, double P50Us, double P99Us, double RowsPerS, double Value, double Delta, bool Accepted, string? File);

    private sealed record SkippedJson(string Technique, string Reason);

    /// <summary>The table: one row for the original, one per variant, sizes and speeds also as ratios to the original.</summary>
    public string ToHtml()
    {
        var o = OriginalMeasurement;
        var rows = new List<IReadOnlyList<string>> { Row("original", "", o, 0, null) };
        rows.AddRange(Variants.Select(v => Row(v.Technique, v.Parameters, v.Measurement, v.Delta, v.Accepted)));
        return HtmlTable.Render("Compressed variants", ["technique", "settings", "bytes", "smaller", "p50 µs", "p99 µs", "rows/s", Metric, "change", "accepted"], rows,
            $"Measured on {MeasuredRows} held-out rows the variants were not fitted on ({FitRows} fitting rows). Budget: {Budget.ToString(CultureInfo.InvariantCulture)} " +
            (Metric == "mae" ? "percent of MAE." : "points of accuracy."));

        IReadOnlyList<string> Row(string technique, string settings, VariantMeasurement m, double delta, bool? accepted) =>
        [
            technique, settings, m.Bytes.ToString("N0", CultureInfo.InvariantCulture), F($"{(double)o.Bytes / m.Bytes:0.0}x"), F($"{m.P50Us:0.0}"), F($"{m.P99Us:0.0}"),
            F($"{m.RowsPerSecond:N0}"), F($"{m.Value:0.####}"), accepted is null ? "" : F($"{delta:+0.####;-0.####;0}"), accepted switch { null => "", true => "yes", false => "no" },
        ];
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => F($"original {OriginalMeasurement.Bytes:N0} B, {Metric} {OriginalMeasurement.Value:0.####}; {Variants.Count} variants, {Variants.Count(v => v.Accepted)} accepted")
        + (Recommended is { } r ? F($"; ship {r.Technique} ({r.Parameters}): {(double)OriginalMeasurement.Bytes / r.Measurement.Bytes:0.0}x smaller, {Metric} {r.Measurement.Value:0.####}") : "; none within the budget");

    /// <summary>Registers every accepted variant as a new version of <paramref name="name"/>, its lineage saying
    /// "compressed from version <paramref name="parentVersion"/> with technique T" (parent, technique and settings
    /// as lineage fields too), its measurements as metrics.</summary>
    public IReadOnlyList<ModelVersionInfo> RegisterAccepted(ModelRegistry registry, string name, int parentVersion, string createdBy = "api")
    {
        ArgumentNullException.ThrowIfNull(registry);
        var versions = new List<ModelVersionInfo>();
        foreach (var v in Variants.Where(v => v.Accepted))
        {
            using var file = new MemoryStream(v.Measurement.File, writable: false);
            versions.Add(registry.Register(name, file, $"{name}.{v.Technique}{v.Candidate.Extension}", new RegisterOptions
            {
                Description = $"compressed from version {parentVersion} with technique {v.Technique} ({v.Parameters})",
                Tags = new Dictionary<string, string> { ["compression"] = v.Technique },
                Metrics = new Dictionary<string, double>
                {
                    [Metric] = v.Measurement.Value, ["bytes"] = v.Measurement.Bytes, ["p50_us"] = v.Measurement.P50Us, ["p99_us"] = v.Measurement.P99Us,
                },
                Lineage = new ModelLineage
                {
                    ParentVersion = parentVersion, Trainer = Original.Trainer?.Family,
                    Hyperparameters = new Dictionary<string, string> { ["technique"] = v.Technique, ["params"] = v.Parameters },
                    RowCount = FitRows,
                },
                CreatedBy = createdBy,
            }));
        }
        return versions;
    }
}
