using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// One row of features as a JSON object, keyed by column name: numbers round-trip ("R"), a non-finite number or a
/// missing label is null. Built by hand rather than through <see cref="JsonText"/> because it runs once per replayed
/// row or served request and its keys are the data's columns, not a schema.
/// </summary>
internal sealed class JsonRow
{
    private readonly StringBuilder _text = new("{");

    /// <summary>Adds <paramref name="name"/>: <paramref name="value"/> (null when not finite).</summary>
    public JsonRow Number(string name, double value)
    {
        Key(name).Append(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "null");
        return this;
    }

    /// <summary>Adds <paramref name="name"/>: <paramref name="value"/> as a string (null when missing).</summary>
    public JsonRow Label(string name, string? value)
    {
        Key(name).Append(value is null ? "null" : JsonSerializer.Serialize(value));
        return this;
    }

    private StringBuilder Key(string name) => (_text.Length > 1 ? _text.Append(',') : _text).Append(JsonSerializer.Serialize(name)).Append(':');

    public override string ToString() => _text.ToString() + "}";
}
