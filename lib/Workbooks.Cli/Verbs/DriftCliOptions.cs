using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;

namespace Workbooks.Cli.Verbs;

/// <summary>Turns the <c>drift</c> verb's option values into <see cref="DriftOptions"/>, with one clear message per
/// mistake (unknown test, column=test for a column not compared, values out of range).</summary>
internal static class DriftCliOptions
{
    public static DriftOptions Build(string[] tests, string? allTests, double? threshold, double? driftShare, string? correction, double? missingShare, IReadOnlyList<string>? columns)
    {
        string? forAll = null;
        var perColumn = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in tests)
        {
            int eq = t.IndexOf('=');
            string name = eq < 0 ? t.Trim() : t[(eq + 1)..].Trim();
            if (!DriftTestRegistry.TryGet(name, out _))
                throw new BadInputException($"--test {t}: unknown test '{name}'. Known tests: {string.Join(", ", DriftTestRegistry.Names)}.");
            if (eq < 0)
            {
                if (forAll is not null && forAll != name) throw new BadInputException($"--test given twice for all columns ('{forAll}' and '{name}'); use column=name for one column.");
                forAll = name;
            }
            else
            {
                string column = t[..eq].Trim();
                if (column.Length == 0) throw new BadInputException($"--test {t}: the column name before '=' is empty.");
                if (columns is not null && !columns.Contains(column)) throw new BadInputException($"--test {t}: column '{column}' is not among --columns {string.Join(",", columns)}.");
                perColumn[column] = name;
            }
        }
        if (allTests is not null && !allTests.Equals("all", StringComparison.OrdinalIgnoreCase))
            throw new BadInputException($"--tests {allTests}: the only value is 'all'.");
        if (threshold is { } th && !(th > 0 && double.IsFinite(th))) throw new BadInputException($"--threshold {Fmt(th)}: must be a positive number.");
        if (driftShare is { } ds && !(ds >= 0 && ds <= 1)) throw new BadInputException($"--drift-share {Fmt(ds)}: must be between 0 and 1.");
        if (missingShare is { } ms && !(ms >= 0 && ms <= 1)) throw new BadInputException($"--missing-share {Fmt(ms)}: must be between 0 and 1.");
        var corr = (correction ?? "none").ToLowerInvariant() switch
        {
            "none" => MultipleTestingCorrection.None,
            "bonferroni" => MultipleTestingCorrection.Bonferroni,
            "bh" or "benjamini-hochberg" => MultipleTestingCorrection.BenjaminiHochberg,
            _ => throw new BadInputException($"--correction {correction}: use none, bonferroni or bh."),
        };
        return new DriftOptions
        {
            Columns = columns, TestForAll = forAll, TestPerColumn = perColumn, AllTests = allTests is not null,
            Threshold = threshold, DriftShare = driftShare ?? 0.5, Correction = corr, MissingShareThreshold = missingShare,
        };
    }

    private static string Fmt(double v) => v.ToString(CultureInfo.InvariantCulture);
}
