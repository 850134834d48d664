using System.Globalization;

namespace Workbooks.ModelOps.Monitoring.Reports;

/// <summary>A warning and a critical level for one report figure.</summary>
public sealed record Levels(double Warning, double Critical)
{
    /// <summary>Critical at or above <see cref="Critical"/>, warning at or above <see cref="Warning"/>.</summary>
    public ReportStatus Judge(double value) => !double.IsFinite(value) ? ReportStatus.Ok
        : value >= Critical ? ReportStatus.Critical : value >= Warning ? ReportStatus.Warning : ReportStatus.Ok;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Warning:G6}/{Critical:G6}");
}

/// <summary>
/// The thresholds a monitoring report judges its sections by. The notebook's <c>thresholds</c> parameter
/// overrides any of them as <c>name=warning/critical</c> pairs separated by commas, e.g.
/// <c>latency_p99_ratio=1.3/1.8,error_rate=0.02/0.1</c>.
/// </summary>
/// <example>
/// <code>
/// var t = ReportThresholds.Parse("latency_p99_ratio=1.3/1.8");
/// Console.WriteLine($"{t.LatencyP99Ratio} {t.ErrorRate}");
/// // prints: 1.3/1.8 0.01/0.05
/// </code>
/// </example>
public sealed record ReportThresholds
{
    /// <summary>The period's p99 latency over the comparison period's.</summary>
    public Levels LatencyP99Ratio { get; init; } = new(1.5, 2.0);
    /// <summary>Share of failed calls in the period.</summary>
    public Levels ErrorRate { get; init; } = new(0.01, 0.05);
    /// <summary>Fall of the request count against the comparison period (0.5: half the traffic gone).</summary>
    public Levels TrafficDrop { get; init; } = new(0.5, 0.9);
    /// <summary>Relative loss of quality against the reference (accuracy falling, or MAE rising, by this share).</summary>
    public Levels QualityDrop { get; init; } = new(0.05, 0.10);
    /// <summary>Share of the model's features that drifted against the reference (a single drifted feature is a warning
    /// whatever this says; the critical level is the dataset-drift share).</summary>
    public Levels DriftShare { get; init; } = new(0.0, 0.5);

    /// <summary>The names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["latency_p99_ratio", "error_rate", "traffic_drop", "quality_drop", "drift_share"];

    /// <summary>The defaults with <paramref name="text"/>'s overrides; an empty text is the defaults. A bad pair is an
    /// <see cref="ArgumentException"/> naming it.</summary>
    public static ReportThresholds Parse(string? text)
    {
        var t = new ReportThresholds();
        if (string.IsNullOrWhiteSpace(text)) return t;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            var name = eq > 0 ? part[..eq].Trim() : part;
            var values = eq > 0 ? part[(eq + 1)..].Split('/') : [];
            if (values.Length != 2 || !TryNumber(values[0], out var w) || !TryNumber(values[1], out var c) || c < w)
                throw new ArgumentException($"thresholds: '{part}' must be name=warning/critical with warning <= critical (names: {string.Join(", ", Names)}).");
            var levels = new Levels(w, c);
            t = name switch
            {
                "latency_p99_ratio" => t with { LatencyP99Ratio = levels },
                "error_rate" => t with { ErrorRate = levels },
                "traffic_drop" => t with { TrafficDrop = levels },
                "quality_drop" => t with { QualityDrop = levels },
                "drift_share" => t with { DriftShare = levels },
                _ => throw new ArgumentException($"thresholds: unknown name '{name}' (names: {string.Join(", ", Names)})."),
            };
        }
        return t;
    }

    private static bool TryNumber(string s, out double v) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v) && v >= 0;

    public override string ToString() =>
        $"latency_p99_ratio={LatencyP99Ratio},error_rate={ErrorRate},traffic_drop={TrafficDrop},quality_drop={QualityDrop},drift_share={DriftShare}";
}
