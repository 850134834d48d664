namespace Workbooks.ModelOps.Data.Generators;

/// <summary>
/// Where a scenario's data changes. For an abrupt change <see cref="Width"/> is 0 and the new behaviour starts at
/// <see cref="Row"/> (0-based data row). For a gradual one, <see cref="Row"/> is the centre and
/// <see cref="Width"/> the number of rows over which the new behaviour takes over.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(new ChangePoint(5000, 0, "P(y=1) 0.2 → 0.6"));
/// // prints: row 5,000 (abrupt): P(y=1) 0.2 → 0.6
/// </code>
/// </example>
public sealed record ChangePoint(int Row, int Width, string Change)
{
    public bool IsAbrupt => Width == 0;
    public override string ToString() => IsAbrupt ? FormattableString.Invariant($"row {Row:N0} (abrupt): {Change}") : FormattableString.Invariant($"row {Row:N0} +/- {Width / 2:N0} (gradual): {Change}");
}

/// <summary>
/// A deterministic generator of a drift scenario: the same seed and size always give the same table, with its
/// change points known by construction, so detectors and drift tests can be checked against the truth.
/// </summary>
/// <example>
/// <code>
/// var sea = new SeaGenerator(gradual: false);
/// Console.WriteLine($"{sea.Name}: {sea.Rows} rows, drift at {string.Join(", ", sea.ChangePoints.Select(c => c.Row))}");
/// // prints: sea_abrupt_drift: 10000 rows, drift at 2500, 5000, 7500
/// </code>
/// </example>
public interface IScenarioGenerator
{
    /// <summary>The scenario's name, also its file name in <c>data/</c> (without <c>.csv</c>).</summary>
    string Name { get; }
    /// <summary>What drifts, how, and what stays fixed.</summary>
    string Description { get; }
    /// <summary>The published definition the generator follows.</summary>
    string Reference { get; }
    ulong Seed { get; }
    int Rows { get; }
    /// <summary>The known change points, in row order.</summary>
    IReadOnlyList<ChangePoint> ChangePoints { get; }
    /// <summary>The generated table; identical on every call.</summary>
    Table Generate();
}

/// <summary>Column buffers filled row by row, then turned into a <see cref="Table"/>.</summary>
internal sealed class ScenarioColumns(int rows)
{
    private readonly List<TableColumn> _columns = [];

    public double[] Numbers(string name)
    {
        var values = new double[rows];
        _columns.Add(TableColumn.Numerical(name, values));
        return values;
    }

    public string?[] Labels(string name)
    {
        var values = new string?[rows];
        _columns.Add(TableColumn.Categorical(name, values));
        return values;
    }

    public Table Build(string name) => new(_columns, FormattableString.Invariant($"generated scenario '{name}'"));
}

/// <summary>Shared pieces of the concept-drift generators.</summary>
internal static class Concepts
{
    /// <summary>
    /// The concept in force at <paramref name="row"/>: one past the last change point passed. A gradual change is
    /// passed with the sigmoid probability 1/(1+exp(-4(row-centre)/width)), the blend MOA's ConceptDriftStream uses
    /// (Bifet et al. 2009); a later change can only be passed once the earlier ones are.
    /// </summary>
    public static int At(int row, IReadOnlyList<ChangePoint> changes, SeededRandom random)
    {
        int concept = 0;
        foreach (var change in changes)
        {
            bool passed = change.IsAbrupt
                ? row >= change.Row
                : random.NextDouble() < 1.0 / (1.0 + Math.Exp(-4.0 * (row - change.Row) / change.Width));
            if (!passed) break;
            concept++;
        }
        return concept;
    }

    /// <summary>Evenly spaced change points splitting <paramref name="rows"/> into <paramref name="concepts"/> parts.</summary>
    public static ChangePoint[] Evenly(int rows, int concepts, int width, Func<int, string> describe) =>
        Enumerable.Range(1, concepts - 1).Select(i => new ChangePoint(rows * i / concepts, width, describe(i))).ToArray();
}
