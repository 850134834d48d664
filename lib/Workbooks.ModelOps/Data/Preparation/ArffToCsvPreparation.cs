using System.Globalization;
using System.Text;

namespace Workbooks.ModelOps.Data.Preparation;

/// <summary>A column of row-derived timestamps added in front of a table (Elec2 has none of its own).</summary>
/// <param name="Name">The header name, e.g. <c>timestamp</c>.</param>
/// <param name="Start">The first row's time.</param>
/// <param name="Step">The time between consecutive rows.</param>
/// <param name="Format">How each time is written (invariant culture), e.g. <c>yyyy-MM-ddTHH:mm</c>.</param>
/// <example>
/// <code>
/// var every30 = new TimestampColumn("timestamp", new DateTime(1996, 5, 7), TimeSpan.FromMinutes(30), "yyyy-MM-dd'T'HH:mm");
/// Console.WriteLine((every30.Start + 3 * every30.Step).ToString(every30.Format, CultureInfo.InvariantCulture));
/// // prints: 1996-05-07T01:30
/// </code>
/// </example>
public sealed record TimestampColumn(string Name, DateTime Start, TimeSpan Step, string Format);

/// <summary>
/// Converts a dense ARFF file (optionally inside a zip) into CSV: the attribute names become the header, each
/// data row becomes a CSV line with its values' text unchanged (quotes removed, CSV-quoted only where needed).
/// Comments (<c>%</c>) and blank lines are skipped; a row with the wrong number of values, or a sparse row,
/// is an error naming the file and line.
/// </summary>
/// <example>
/// <code>
/// File.WriteAllText("tiny.arff", "@relation r\n@attribute a numeric\n@attribute c {x,y}\n@data\n1,x\n2,'y'\n");
/// var csv = new MemoryStream();
/// new ArffToCsvPreparation().Prepare(["tiny.arff"], csv);
/// Console.Write(Encoding.UTF8.GetString(csv.ToArray()).Replace("\n", "|"));
/// // prints: a,c|1,x|2,y|
/// </code>
/// </example>
public sealed class ArffToCsvPreparation(string? entrySuffix = null, TimestampColumn? timestamp = null) : IDatasetPreparation
{
    public string Description
    {
        get
        {
            var text = new StringBuilder();
            if (entrySuffix is not null) text.Append($"extract the archive entry '*{entrySuffix}'; ");
            text.Append("convert ARFF to CSV (attribute names as header, values unchanged)");
            if (timestamp is not null)
                text.Append($"; add a first column '{timestamp.Name}' = {timestamp.Start.ToString(timestamp.Format, CultureInfo.InvariantCulture)} + row x {timestamp.Step}");
            return text.Append('.').ToString();
        }
    }

    public void Prepare(IReadOnlyList<string> sourcePaths, Stream csv)
    {
        SourceFiles.Expect(sourcePaths, 1, nameof(ArffToCsvPreparation));
        var path = sourcePaths[0];
        using var reader = SourceFiles.OpenText(path, entrySuffix);
        using var writer = SourceFiles.CsvWriter(csv);
        var attributes = new List<string>();
        bool inData = false;
        long lineNumber = 0, row = 0;
        var fields = new List<string>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '%') continue;
            if (!inData)
            {
                if (text.StartsWith("@attribute", StringComparison.OrdinalIgnoreCase))
                    attributes.Add(AttributeName(text, path, lineNumber));
                else if (text.StartsWith("@data", StringComparison.OrdinalIgnoreCase))
                {
                    if (attributes.Count == 0) throw new InvalidDataException($"{path}, line {lineNumber}: @data before any @attribute.");
                    inData = true;
                    var header = attributes.Select(CsvField);
                    writer.Write(string.Join(',', timestamp is null ? header : header.Prepend(CsvField(timestamp.Name))) + "\n");
                }
                continue;
            }
            if (text[0] == '{') throw new InvalidDataException($"{path}, line {lineNumber}: sparse ARFF rows are not supported.");
            SplitValues(text, fields, path, lineNumber);
            if (fields.Count != attributes.Count)
                throw new InvalidDataException($"{path}, line {lineNumber}: expected {attributes.Count} values (one per @attribute), found {fields.Count}.");
            if (timestamp is not null)
            {
                var time = timestamp.Start + timestamp.Step * row;
                writer.Write(time.ToString(timestamp.Format, CultureInfo.InvariantCulture));
                writer.Write(',');
            }
            writer.Write(string.Join(',', fields.Select(CsvField)));
            writer.Write('\n');
            row++;
        }
        if (!inData) throw new InvalidDataException($"{path}: no @data section; is this an ARFF file?");
    }

    /// <summary>The name of an <c>@attribute name type</c> line; names may be quoted.</summary>
    private static string AttributeName(string line, string path, long lineNumber)
    {
        var rest = line["@attribute".Length..].TrimStart();
        if (rest.Length == 0) throw new InvalidDataException($"{path}, line {lineNumber}: @attribute without a name.");
        if (rest[0] is '\'' or '"')
        {
            int close = rest.IndexOf(rest[0], 1);
            if (close < 0) throw new InvalidDataException($"{path}, line {lineNumber}: unclosed quote in the attribute name.");
            return rest[1..close];
        }
        int end = rest.IndexOfAny([' ', '\t']);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>Splits a data row on commas outside quotes, trimming spaces and removing quotes.</summary>
    internal static void SplitValues(string row, List<string> fields, string path, long lineNumber)
    {
        fields.Clear();
        var value = new StringBuilder();
        int i = 0;
        while (i <= row.Length)
        {
            while (i < row.Length && row[i] is ' ' or '\t') i++;
            value.Clear();
            if (i < row.Length && row[i] is '\'' or '"')
            {
                char quote = row[i++];
                while (i < row.Length && row[i] != quote)
                {
                    if (row[i] == '\\' && i + 1 < row.Length) i++;
                    value.Append(row[i++]);
                }
                if (i >= row.Length) throw new InvalidDataException($"{path}, line {lineNumber}: unclosed quote.");
                i++;
                while (i < row.Length && row[i] is ' ' or '\t') i++;
                fields.Add(value.ToString());
            }
            else
            {
                int comma = row.IndexOf(',', i);
                int end = comma < 0 ? row.Length : comma;
                fields.Add(row[i..end].Trim());
                i = end;
            }
            if (i < row.Length && row[i] != ',') throw new InvalidDataException($"{path}, line {lineNumber}: unexpected '{row[i]}' after a quoted value.");
            i++;
        }
    }

    /// <summary>Quotes a CSV field only when it holds a comma, quote or line break.</summary>
    internal static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
