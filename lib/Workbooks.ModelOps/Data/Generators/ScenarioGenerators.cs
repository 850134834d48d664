using System.Globalization;
using System.Text;

namespace Workbooks.ModelOps.Data.Generators;

/// <summary>
/// The drift scenarios the project ships in <c>data/</c>, with their default sizes and seeds, and the writer
/// that produces those files and <c>data/README.md</c> (<c>workbooks generate</c> calls it), which also describes the
/// real datasets bundled in <c>data/datasets/</c>.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(string.Join(", ", ScenarioGenerators.All.Take(2).Select(g => g.Name)));
/// // prints: covariate_shift, label_shift
/// </code>
/// </example>
public static class ScenarioGenerators
{
    /// <summary>Every scenario with its default settings, in file order.</summary>
    public static IReadOnlyList<IScenarioGenerator> All { get; } =
    [
        new CovariateShiftGenerator(),
        new LabelShiftGenerator(),
        new SeaGenerator(gradual: false),
        new SeaGenerator(gradual: true),
        new StaggerGenerator(),
        new AgrawalGenerator(),
        new RotatingHyperplaneGenerator(),
        new SeasonalDriftGenerator(),
    ];

    /// <summary>The scenario called <paramref name="name"/>, or an error listing the names there are.</summary>
    public static IScenarioGenerator Get(string name) =>
        All.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException(FormattableString.Invariant($"No scenario '{name}'. Scenarios: {string.Join(", ", All.Select(g => g.Name))}."));

    /// <summary>
    /// Writes <c>&lt;name&gt;.csv</c> for each generator into <paramref name="directory"/>, and a README describing all of
    /// them with their SHA-256. Returns the paths written, README last.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(string directory, IEnumerable<IScenarioGenerator>? generators = null)
    {
        Directory.CreateDirectory(directory);
        var written = new List<(IScenarioGenerator Generator, IReadOnlyList<string> Columns, string Path, string Sha256)>();
        foreach (var generator in generators ?? All)
        {
            var path = Path.Combine(directory, generator.Name + ".csv");
            var table = generator.Generate();
            TableCsvWriter.Write(table, path);
            written.Add((generator, table.ColumnNames.ToList(), path, DatasetStore.Sha256Of(path)));
        }
        var readme = Path.Combine(directory, "README.md");
        File.WriteAllText(readme, Readme(written.Select(w => (w.Generator, w.Columns, w.Sha256))), Preparation.SourceFiles.Utf8);
        return [.. written.Select(w => w.Path), readme];
    }

    /// <summary>The README text for the given generators, their columns and their files' SHA-256.</summary>
    public static string Readme(IEnumerable<(IScenarioGenerator Generator, IReadOnlyList<string> Columns, string Sha256)> files)
    {
        var text = new StringBuilder();
        text.Append("# Generated drift scenarios\n\n");
        text.Append("Made by the project itself, deterministically: `dotnet run --project lib/Workbooks.Cli -- generate --out data`\n");
        text.Append("rewrites every file here byte for byte (a fixed-seed xoshiro256** generator, rounding before labelling,\n");
        text.Append("shortest round-trip number text). The test `GeneratorTests.Committed_files_are_regenerated_byte_for_byte`\n");
        text.Append("checks it. Code: `lib/Workbooks.ModelOps/Data/Generators/`. The real datasets follow these, at the end.\n\n");
        text.Append("Rows are 0-based data rows (the header is not counted). CSV: UTF-8, LF, header row.\n\n");
        foreach (var (g, columns, sha) in files)
        {
            text.Append(FormattableString.Invariant($"## {g.Name}.csv\n\n"));
            text.Append(FormattableString.Invariant($"- {g.Description}\n"));
            text.Append(FormattableString.Invariant($"- Rows: {g.Rows:N0}; columns: {string.Join(", ", columns.Select(n => $"`{n}`"))}; seed {g.Seed.ToString(CultureInfo.InvariantCulture)}.\n"));
            text.Append("- Change points:\n");
            foreach (var change in g.ChangePoints) text.Append(FormattableString.Invariant($"  - {change}\n"));
            text.Append(FormattableString.Invariant($"- Definition: {g.Reference}\n"));
            text.Append(FormattableString.Invariant($"- SHA-256: `{sha}`\n\n"));
        }
        text.Append(BundledDatasetsReadme.Section());
        return text.ToString().TrimEnd('\n') + "\n";
    }
}
