using System.Globalization;

namespace Workbooks.ModelOps.Detectors;

/// <summary>
/// Every streaming detector by River's name (<c>adwin</c>, <c>ddm</c>, <c>eddm</c>, <c>hddm_a</c>,
/// <c>hddm_w</c>, <c>kswin</c>, <c>page_hinkley</c>), built from parameters given as text by River's
/// parameter names: what the CLI and the JSON state format use. Names are case-insensitive.
/// </summary>
/// <example>
/// <code>
/// var kswin = DetectorCatalog.Create("KSWIN", new Dictionary&lt;string, string&gt; { ["alpha"] = "0.0001", ["seed"] = "42" });
/// Console.WriteLine(string.Join(", ", kswin.Parameters));
/// // prints: alpha=0.0001, window_size=100, stat_size=30, seed=42
/// </code>
/// </example>
public static class DetectorCatalog
{
    private static readonly Dictionary<string, Func<ParameterReader, DriftDetector>> Factories =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["adwin"] = p => new Adwin(p.Double("delta", Adwin.DefaultDelta), p.Int("clock", Adwin.DefaultClock),
                p.Int("max_buckets", Adwin.DefaultMaxBuckets), p.Int("min_window_length", Adwin.DefaultMinWindowLength),
                p.Int("grace_period", Adwin.DefaultGracePeriod)),
            ["ddm"] = p => new Ddm(p.Int("warm_start", Ddm.DefaultWarmStart),
                p.Double("warning_threshold", Ddm.DefaultWarningThreshold), p.Double("drift_threshold", Ddm.DefaultDriftThreshold)),
            ["eddm"] = p => new Eddm(p.Int("warm_start", Eddm.DefaultWarmStart), p.Double("alpha", Eddm.DefaultAlpha),
                p.Double("beta", Eddm.DefaultBeta)),
            ["hddm_a"] = p => new HddmA(p.Double("drift_confidence", HddmA.DefaultDriftConfidence),
                p.Double("warning_confidence", HddmA.DefaultWarningConfidence), p.Bool("two_sided_test", false)),
            ["hddm_w"] = p => new HddmW(p.Double("drift_confidence", HddmW.DefaultDriftConfidence),
                p.Double("warning_confidence", HddmW.DefaultWarningConfidence), p.Double("lambda_val", HddmW.DefaultLambda),
                p.Bool("two_sided_test", false)),
            ["kswin"] = p => new Kswin(p.Double("alpha", Kswin.DefaultAlpha), p.Int("window_size", Kswin.DefaultWindowSize),
                p.Int("stat_size", Kswin.DefaultStatSize), p.NullableLong("seed")),
            ["page_hinkley"] = p => new PageHinkley(p.Int("min_instances", PageHinkley.DefaultMinInstances),
                p.Double("delta", PageHinkley.DefaultDelta), p.Double("threshold", PageHinkley.DefaultThreshold),
                p.Double("alpha", PageHinkley.DefaultAlpha), p.String("mode", PageHinkley.DefaultMode)),
        };

    /// <summary>The detector names, in a fixed order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["adwin", "ddm", "eddm", "hddm_a", "hddm_w", "kswin", "page_hinkley"];

    /// <summary>River's parameter names of one detector, in River's order.</summary>
    public static IReadOnlyList<string> ParameterNames(string name) =>
        Create(name).Parameters.Select(p => p.Name).ToArray();

    /// <summary>
    /// Builds a detector. Unknown names or parameters, and values that do not parse or are out of range,
    /// throw <see cref="ArgumentException"/> with a message that lists what is valid.
    /// </summary>
    public static DriftDetector Create(string name, IReadOnlyDictionary<string, string>? parameters = null)
    {
        if (!Factories.TryGetValue(name, out var factory))
            throw new ArgumentException($"Unknown detector '{name}'. Valid detectors: {string.Join(", ", Names)}.");
        var reader = new ParameterReader(name.ToLowerInvariant(), parameters ?? new Dictionary<string, string>());
        DriftDetector detector;
        try
        {
            detector = factory(reader);
        }
        catch (ArgumentException e) when (e is not ParameterException)
        {
            throw new ParameterException($"Invalid parameters for {name.ToLowerInvariant()}: {e.Message}");
        }
        reader.RejectUnknown();
        return detector;
    }

    private sealed class ParameterException(string message) : ArgumentException(message);

    /// <summary>Reads parameters by name, remembering the names asked for so unknown ones can be listed.</summary>
    private sealed class ParameterReader(string detector, IReadOnlyDictionary<string, string> values)
    {
        private readonly List<string> _known = [];

        private string? Raw(string name)
        {
            _known.Add(name);
            return values.TryGetValue(name, out var v) ? v.Trim() : null;
        }

        private ParameterException Bad(string name, string value, string expected) =>
            new($"Parameter {name} of {detector}: '{value}' is not {expected}.");

        public double Double(string name, double fallback)
        {
            var raw = Raw(name);
            if (raw is null) return fallback;
            return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                ? d : throw Bad(name, raw, "a finite number");
        }

        public int Int(string name, int fallback)
        {
            var raw = Raw(name);
            if (raw is null) return fallback;
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw Bad(name, raw, "an integer");
        }

        public long? NullableLong(string name)
        {
            var raw = Raw(name);
            if (raw is null || raw is "None" or "null" or "") return null;
            return long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : throw Bad(name, raw, "an integer or None");
        }

        public bool Bool(string name, bool fallback)
        {
            var raw = Raw(name);
            if (raw is null) return fallback;
            return raw.ToLowerInvariant() switch
            {
                "true" or "1" => true,
                "false" or "0" => false,
                _ => throw Bad(name, raw, "true or false"),
            };
        }

        public string String(string name, string fallback) => Raw(name) ?? fallback;

        public void RejectUnknown()
        {
            foreach (var key in values.Keys)
                if (!_known.Contains(key))
                    throw new ParameterException(
                        $"Unknown parameter '{key}' for {detector}. Valid parameters: {string.Join(", ", _known)}.");
        }
    }
}
