using System.Text;
using System.Text.Json;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// The shared plumbing of the hand-written JSON exports (drift report, performance estimate, metrics): one
/// document into a string, and the two ways they write doubles that JSON cannot hold (NaN, infinity).
/// </summary>
internal static class JsonText
{
    /// <summary>Runs <paramref name="body"/> on a UTF-8 JSON writer and returns the document it wrote.</summary>
    public static string Write(bool indented, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
            body(w);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>NaN (undefined) as null; an infinite score as ±<see cref="double.MaxValue"/>, so it still
    /// compares above any threshold.</summary>
    public static void NumberOrNull(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsNaN(value)) w.WriteNull(name);
        else if (double.IsInfinity(value)) w.WriteNumber(name, value > 0 ? double.MaxValue : double.MinValue);
        else w.WriteNumber(name, value);
    }

    /// <summary>A missing or non-finite value as null.</summary>
    public static void FiniteOrNull(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v); else w.WriteNull(name);
    }
}
