namespace Workbooks.ModelOps.Data.Generators;

/// <summary>
/// Label (prior) shift: P(y = 1) moves from <see cref="PriorBefore"/> to <see cref="PriorAfter"/> at the change
/// point while the class-conditional features P(x|y) stay fixed: x1 ~ N(2y, 1), x2 ~ N(−y, 1). The feature
/// marginals shift only because the class mix does, the setting of Lipton et al. (2018).
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(new LabelShiftGenerator().ChangePoints[0]);
/// // prints: row 5,000 (abrupt): P(y=1) 0.2 → 0.6
/// </code>
/// </example>
public sealed class LabelShiftGenerator(int rows = 10_000, double priorBefore = 0.2, double priorAfter = 0.6, ulong seed = 18) : IScenarioGenerator
{
    public double PriorBefore => priorBefore;
    public double PriorAfter => priorAfter;
    public string Name => "label_shift";
    public string Description => FormattableString.Invariant($"P(y=1) {priorBefore} → {priorAfter} at row {rows / 2:N0}; P(x|y) fixed: x1 ~ N(2y,1), x2 ~ N(−y,1).");
    public string Reference => "Z. C. Lipton, Y.-X. Wang and A. J. Smola, \"Detecting and correcting for label shift with black box predictors\", ICML 2018.";
    public ulong Seed => seed;
    public int Rows => rows;
    public IReadOnlyList<ChangePoint> ChangePoints => [new(rows / 2, 0, FormattableString.Invariant($"P(y=1) {priorBefore} → {priorAfter}"))];

    public Table Generate()
    {
        var random = new SeededRandom(seed);
        var columns = new ScenarioColumns(rows);
        var x1 = columns.Numbers("x1");
        var x2 = columns.Numbers("x2");
        var label = columns.Numbers("label");
        for (int i = 0; i < rows; i++)
        {
            int y = random.Chance(i < rows / 2 ? priorBefore : priorAfter) ? 1 : 0;
            x1[i] = Math.Round(random.Normal(2 * y, 1), 4);
            x2[i] = Math.Round(random.Normal(-y, 1), 4);
            label[i] = y;
        }
        return columns.Build(Name);
    }
}
