using System.Text.Json;
using System.Text.Json.Serialization;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// The one way the library writes JSON: small records mirroring a documented schema, serialized with the project's
/// options (snake_case_lower field names, enums as snake_case text, NaN and infinity as null through
/// <see cref="NonFiniteAsNullConverter"/>), written to disk atomically. Dictionary keys are written as given (they are
/// data: column, metric and parameter names), so a writer that promises an order passes a sorted dictionary.
/// </summary>
internal static class JsonText
{
    private static readonly JsonSerializerOptions Compact = Create(indented: false), Indented = Create(indented: true), Reading = Create(indented: false, strict: true);

    /// <summary>The project's serializer options, indented (two spaces) or on one line.</summary>
    public static JsonSerializerOptions Options(bool indented) => indented ? Indented : Compact;

    private static JsonSerializerOptions Create(bool indented, bool strict = false)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = indented,
            // Reading: a field the record requires must be present, and non-null where the record says so.
            RespectRequiredConstructorParameters = strict, RespectNullableAnnotations = strict,
            Converters = { new NonFiniteAsNullConverter(), new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary><paramref name="value"/> as a JSON document.</summary>
    public static string Serialize<T>(T value, bool indented) => JsonSerializer.Serialize(value, Options(indented));

    /// <summary>Writes <paramref name="value"/> to <paramref name="path"/> through a temporary file (never half-written).</summary>
    public static void WriteFile<T>(string path, T value, bool indented = true) => AtomicFile.WriteAllText(path, Serialize(value, indented));

    /// <summary>Reads a document written by <see cref="Serialize{T}"/>; anything else is an <see cref="InvalidDataException"/>
    /// naming <paramref name="source"/> and the JSON path of the bad field.</summary>
    public static T Deserialize<T>(string json, string source)
    {
        try { return JsonSerializer.Deserialize<T>(json, Reading) ?? throw new InvalidDataException($"{source}: the document is null."); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: {(e.Path is { } p ? $"field {p}: " : "")}{Reason(e)}", e); }
    }

    // System.Text.Json's messages name the library's private record types and repeat the path; a reader needs what is
    // wrong and where.
    private static string Reason(JsonException e)
    {
        var message = e.Message.Split('\n')[0];
        const string missing = "was missing required properties including: ";
        if (message.IndexOf(missing, StringComparison.Ordinal) is var at and >= 0) return "missing field(s) " + message[(at + missing.Length)..].TrimEnd('.');
        var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        if (message.Contains("could not be converted to", StringComparison.Ordinal)) return "a value of the wrong kind" + where;
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message) + (cut > 0 ? where : "");
    }

    /// <summary>For schemas that document it (drift scores and statistics): an infinite value as ±<see cref="double.MaxValue"/>,
    /// so it still compares above any threshold; NaN stays NaN (written as null).</summary>
    public static double Saturate(double value) =>
        double.IsPositiveInfinity(value) ? double.MaxValue : double.IsNegativeInfinity(value) ? double.MinValue : value;

    /// <summary><see cref="Saturate(double)"/> for an optional value.</summary>
    public static double? Saturate(double? value) => value is { } v ? Saturate(v) : null;
}

/// <summary>The project's one converter for numbers JSON cannot hold: NaN and ±infinity are written as null (a number
/// or null where undefined, never NaN), and null reads back as NaN. An optional number (<c>double?</c>) reads null as
/// null; only a present non-finite value is written as null.</summary>
internal sealed class NonFiniteAsNullConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value); else writer.WriteNullValue();
    }
}
