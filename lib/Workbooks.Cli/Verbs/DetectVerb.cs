using System.CommandLine;
using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Detectors;

namespace Workbooks.Cli.Verbs;

/// <summary>
/// <c>workbooks detect --detector NAME [--param key=value]... --input FILE [--column NAME]</c>: runs one
/// streaming drift detector over a column of numbers and prints one JSON line per signal,
/// <c>{"index": i, "kind": "warning"|"drift"}</c>, i being the 0-based position of the value that raised it.
/// </summary>
public sealed class DetectVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var detector = new Option<string>("--detector")
        {
            Description = $"Detector: {string.Join(", ", DetectorCatalog.Names)} (case-insensitive).",
            Required = true,
        };
        var parameters = new Option<string[]>("--param")
        {
            Description = "A detector parameter by River's name, key=value; repeat for several.",
            AllowMultipleArgumentsPerToken = false,
        };
        var input = new Option<string>("--input") { Description = "CSV with a header, or one number per line.", Required = true };
        var column = new Option<string?>("--column") { Description = "The CSV column to read; without it, one number per line." };

        var command = new Command("detect", "Run a streaming drift detector (River's algorithms) over a column of numbers.")
        {
            detector, parameters, input, column,
        };
        command.SetAction(parse =>
        {
            var instance = CreateDetector(parse.GetValue(detector)!, parse.GetValue(parameters) ?? []);
            var path = parse.GetValue(input)!;
            var values = ReadValues(path, parse.GetValue(column));
            if (values.Length == 0) throw new BadInputException($"{path}: no values to run the detector over (the input is empty).");
            for (int i = 0; i < values.Length; i++)
            {
                instance.Update(values[i]);
                if (instance.WarningDetected) context.Out.WriteLine($"{{\"index\": {i}, \"kind\": \"warning\"}}");
                if (instance.DriftDetected) context.Out.WriteLine($"{{\"index\": {i}, \"kind\": \"drift\"}}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static DriftDetector CreateDetector(string name, string[] pairs)
    {
        var parameters = new Dictionary<string, string>();
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0)
                throw new BadInputException($"--param '{pair}' is not key=value (for example --param delta=0.01).");
            parameters[pair[..eq].Trim()] = pair[(eq + 1)..];
        }
        return DetectorCatalog.Create(name, parameters);   // unknown name or parameter: ArgumentException, exit 2 through CliApp
    }

    private static double[] ReadValues(string path, string? column)
    {
        UserErrors.RequireFile(path, "--input");
        return column is null ? ReadOnePerLine(path) : ReadColumn(path, column);
    }

    private static double[] ReadOnePerLine(string path)
    {
        var values = new List<double>();
        int lineNumber = 0;
        using var reader = new StreamReader(CsvTableReader.OpenMaybeGzip(path));
        while (ReadLine(reader, path) is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0)
                continue;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new BadInputException(lineNumber == 1
                    ? $"{path}, line 1: '{UnparseableValues.Excerpt(text)}' is not a number (a CSV with a header needs --column NAME)."
                    : $"{path}, line {lineNumber}: '{UnparseableValues.Excerpt(text)}' is not a number.");
            values.Add(v);
        }
        return values.ToArray();
    }

    private static string? ReadLine(StreamReader reader, string path)
    {
        try { return reader.ReadLine(); }
        catch (InvalidDataException e) { throw new BadInputException($"{path}: cannot be decompressed ({e.Message}); is it really gzip?"); }
    }

    private static double[] ReadColumn(string path, string column)
    {
        var table = CsvTableReader.Read(path);
        if (!table.HasColumn(column))
            throw new BadInputException($"{path}: no column '{column}'. Columns: {string.Join(", ", table.ColumnNames)}.");
        var data = table[column];
        // Line numbers count the header as line 1 (no multi-line quoted fields in a number column).
        if (data.Unparseable is { } u)
            throw new BadInputException($"{path}, line {u.FirstRow + 2}, column {column}: '{u.FirstValue}' is not a number.");
        if (data.Numbers is { } numbers)
        {
            int missing = Array.FindIndex(numbers, double.IsNaN);
            if (missing >= 0)
                throw new BadInputException($"{path}, line {missing + 2}, column {column}: missing value; a detector needs a number on every row.");
            return numbers;
        }
        var labels = data.Labels!;
        for (int row = 0; row < labels.Length; row++)
            if (labels[row] is not { } text || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                throw new BadInputException($"{path}, line {row + 2}, column {column}: '{UnparseableValues.Excerpt(labels[row])}' is not a number.");
        throw new BadInputException($"{path}, column {column}: not a numeric column.");
    }
}
