namespace Workbooks.ModelOps.Data.Preparation;

/// <summary>
/// Joins UCI Adult's <c>adult.data</c> and <c>adult.test</c> (plain or .gz) into one CSV: fields trimmed of the
/// spaces after commas, the test file's <c>|1x3 Cross validator</c> line and blank lines dropped, the trailing
/// <c>.</c> of the test labels removed, a header and a <c>split</c> column (train/test) added. Missing values
/// stay <c>?</c>.
/// </summary>
internal sealed class AdultPreparation : IDatasetPreparation
{
    /// <summary>The header the UCI files lack (names from adult.names), plus <c>split</c>.</summary>
    public static readonly string[] Columns =
    [
        "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
        "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income", "split",
    ];

    public string Description => "join adult.data (split=train) and adult.test (split=test); trim spaces after commas; drop the '|1x3 Cross validator' line; drop the trailing '.' of test labels; add a header.";

    public void Prepare(IReadOnlyList<string> sourcePaths, Stream csv)
    {
        SourceFiles.Expect(sourcePaths, 2, nameof(AdultPreparation));
        using var writer = SourceFiles.CsvWriter(csv);
        writer.Write(string.Join(',', Columns) + "\n");
        Append(sourcePaths[0], "train", writer);
        Append(sourcePaths[1], "test", writer);
    }

    private static void Append(string path, string split, TextWriter writer)
    {
        using var reader = SourceFiles.OpenText(path);
        int expected = Columns.Length - 1;
        long lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '|') continue;
            var fields = text.Split(',');
            if (fields.Length != expected)
                throw new InvalidDataException($"{path}, line {lineNumber}: expected {expected} comma-separated fields, found {fields.Length}.");
            for (int i = 0; i < fields.Length; i++) fields[i] = fields[i].Trim();
            fields[^1] = fields[^1].TrimEnd('.');
            writer.Write(string.Join(',', fields));
            writer.Write(',');
            writer.Write(split);
            writer.Write('\n');
        }
    }
}
