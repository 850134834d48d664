using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Workbooks.ModelOps.Detectors;

/// <summary>
/// Saves a detector (name, parameters and full internal state) as JSON and restores it, so a service can
/// persist its monitors across restarts: a restored detector continues exactly as the original would have.
/// Doubles are written round-trip exact; infinities as "Infinity".
/// </summary>
/// <example>
/// <code>
/// var ddm = new Ddm();
/// ddm.Update(1);
/// var copy = DetectorSerializer.FromJson(DetectorSerializer.ToJson(ddm));
/// Console.WriteLine($"{copy.Name} {string.Join(", ", copy.Parameters)}");
/// // prints: ddm warm_start=30, warning_threshold=2, drift_threshold=3
/// </code>
/// </example>
public static class DetectorSerializer
{
    // Not JsonText: a checkpoint must restore exactly, so infinities stay literals (never null) and state fields keep their C# names.
    private static readonly JsonSerializerOptions Options = new()
    {
        IncludeFields = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The detector as one JSON object: <c>{"detector": ..., "parameters": {...}, "state": {...}}</c>.</summary>
    public static string ToJson(DriftDetector detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        var parameters = new JsonObject();
        foreach (var p in detector.Parameters)
            parameters[p.Name] = p.Value switch
            {
                null => null,
                bool b => JsonValue.Create(b),
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(d),
                _ => JsonValue.Create(p.Value.ToString()),
            };
        var root = new JsonObject
        {
            ["detector"] = detector.Name,
            ["parameters"] = parameters,
            ["state"] = JsonNode.Parse(detector.CaptureState(Options).GetRawText()),
        };
        return root.ToJsonString();
    }

    /// <summary>Rebuilds a detector saved by <see cref="ToJson"/>. Malformed input throws <see cref="FormatException"/>.</summary>
    public static DriftDetector FromJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string name = root.GetProperty("detector").GetString() ?? throw new FormatException("\"detector\" is null.");
            var parameters = new Dictionary<string, string>();
            foreach (var p in root.GetProperty("parameters").EnumerateObject())
                parameters[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString()!,
                    JsonValueKind.Null => "None",
                    _ => p.Value.GetRawText(),
                };
            var detector = DetectorCatalog.Create(name, parameters);
            detector.RestoreState(root.GetProperty("state"), Options);
            return detector;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"Not a saved detector: {e.Message}", e);
        }
    }
}
