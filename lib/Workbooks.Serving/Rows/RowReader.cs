using System.Globalization;
using System.Text.Json;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;

namespace Workbooks.Serving.Rows;

/// <summary>A request the service refuses before it reaches the model: the message names the field (400).</summary>
public sealed class BadRequestException(string message) : Exception(message);

/// <summary>
/// Reads the body of <c>POST /predict</c>: one JSON object keyed by column name is one row; a JSON array of such
/// objects (or <c>{"rows": [...]}</c>) is a batch. Every column of the model's schema must be present: a numerical
/// one as a JSON number or <c>null</c> (missing), a categorical one as a string, a number (its invariant text) or
/// <c>null</c>. Columns the model does not read are ignored. Errors name the field, e.g.
/// <c>rows[2].temp: expected a number, got a string</c>.
/// </summary>
public static class RowReader
{
    /// <summary>Parses <paramref name="body"/>; <paramref name="isBatch"/> tells whether it was an array (answer with a list).</summary>
    public static IReadOnlyList<ServedRow> Read(ReadOnlySpan<byte> body, IReadOnlyList<ModelColumn> schema, int maxRows, out bool isBatch)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException e) { throw new BadRequestException($"body: malformed JSON ({FirstSentence(e.Message)})"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("rows", out var rows) && !HasColumn(schema, "rows"))
            {
                if (rows.ValueKind != JsonValueKind.Array) throw new BadRequestException($"rows: expected an array of row objects, got {Kind(rows)}");
                isBatch = true;
                return ReadArray(rows, schema, maxRows);
            }
            if (root.ValueKind == JsonValueKind.Array) { isBatch = true; return ReadArray(root, schema, maxRows); }
            if (root.ValueKind != JsonValueKind.Object) throw new BadRequestException($"body: expected a row object or an array of rows, got {Kind(root)}");
            isBatch = false;
            return [ReadRow(root, schema, "")];
        }
    }

    private static ServedRow[] ReadArray(JsonElement array, IReadOnlyList<ModelColumn> schema, int maxRows)
    {
        int n = array.GetArrayLength();
        if (n == 0) throw new BadRequestException("rows: the batch is empty");
        if (n > maxRows) throw new BadRequestException($"rows: {n} rows in one request, at most {maxRows} are accepted");
        var result = new ServedRow[n];
        int i = 0;
        foreach (var row in array.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object) throw new BadRequestException($"rows[{i}]: expected a row object, got {Kind(row)}");
            result[i] = ReadRow(row, schema, $"rows[{i}].");
            i++;
        }
        return result;
    }

    private static ServedRow ReadRow(JsonElement row, IReadOnlyList<ModelColumn> schema, string prefix)
    {
        var numbers = new double[schema.Count];
        var labels = new string?[schema.Count];
        for (int i = 0; i < schema.Count; i++)
        {
            var column = schema[i];
            string field = prefix + column.Name;
            if (!row.TryGetProperty(column.Name, out var value)) throw new BadRequestException($"{field}: missing column (the model reads {string.Join(", ", schema.Select(c => c.Name))})");
            if (column.Kind == ColumnKind.Numerical)
            {
                numbers[i] = value.ValueKind switch
                {
                    JsonValueKind.Null => double.NaN,
                    JsonValueKind.Number when value.TryGetDouble(out var d) && double.IsFinite(d) => d,
                    JsonValueKind.Number => throw new BadRequestException($"{field}: {value.GetRawText()} is out of range for a number"),
                    _ => throw new BadRequestException($"{field}: expected a number, got {Kind(value)}"),
                };
            }
            else
            {
                labels[i] = value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => value.GetString(),
                    // A category sent as a number (season 2) reads as the same text a CSV gives it ("2").
                    JsonValueKind.Number when value.TryGetDouble(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
                    _ => throw new BadRequestException($"{field}: expected a string (a category), got {Kind(value)}"),
                };
            }
        }
        return new ServedRow(schema, numbers, labels);
    }

    private static bool HasColumn(IReadOnlyList<ModelColumn> schema, string name) => schema.Any(c => c.Name == name);

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string FirstSentence(string message) => message.Split(". ", 2)[0].TrimEnd('.');
}
