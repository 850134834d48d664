using Workbooks.ModelOps.Data.Generators;
namespace Workbooks.ModelOps.Retraining;

/// <summary>
/// The rows a challenger learns from, all before the holdout: the last N rows, the last period of time, every row so far, or a
/// recency-weighted sample (rows drawn with replacement, row i with weight 0.5^(age/half-life), seeded) because
/// <see cref="Models.TrainedModel"/>'s trainers take no row weights.
/// </summary>
/// <example>
/// <code>
/// var times = Enumerable.Range(0, 100).Select(i => new DateTime(2026, 1, 1).AddDays(i)).ToArray();
/// Console.WriteLine(string.Join(" ", ChallengerWindow.LastRows(30).Rows(80, times).Length, ChallengerWindow.LastPeriod(TimeSpan.FromDays(7)).Rows(80, times)[0], ChallengerWindow.Expanding.Rows(80, times).Length));
/// // prints: 30 73 80
/// </code>
/// </example>
public sealed record ChallengerWindow
{
    private ChallengerWindow(string name, Func<int, IReadOnlyList<DateTime>, int[]> rows) { Name = name; _rows = rows; }

    private readonly Func<int, IReadOnlyList<DateTime>, int[]> _rows;

    public string Name { get; }

    /// <summary>The rows to train on when rows before <paramref name="end"/> may be used (<paramref name="times"/>: when each row happened).</summary>
    public int[] Rows(int end, IReadOnlyList<DateTime> times) => _rows(end, times);

    public static ChallengerWindow Expanding { get; } = new("expanding", (end, _) => Enumerable.Range(0, end).ToArray());

    public static ChallengerWindow LastRows(int rows) => rows >= 20
        ? new($"sliding:{rows}", (end, _) => Enumerable.Range(Math.Max(0, end - rows), Math.Min(end, rows)).ToArray())
        : throw new ArgumentException($"a sliding window needs at least 20 rows, not {rows}.");

    public static ChallengerWindow LastPeriod(TimeSpan period) => period > TimeSpan.Zero
        ? new($"last:{period}", (end, times) =>
        {
            int start = end;
            while (start > 0 && times[start - 1] > times[end - 1] - period) start--;
            return Enumerable.Range(start, end - start).ToArray();
        })
        : throw new ArgumentException($"a period window needs a positive period, not {period}.");

    /// <summary><paramref name="rows"/> rows drawn with replacement from every row so far, recent ones more often.</summary>
    public static ChallengerWindow RecencyWeighted(double halfLifeRows, int rows, int seed = 1) => halfLifeRows > 0 && rows >= 20
        ? new(FormattableString.Invariant($"recency:{halfLifeRows}"), (end, _) =>
        {
            var cumulative = new double[end];
            double total = 0;
            for (int i = 0; i < end; i++) cumulative[i] = total += Math.Pow(0.5, (end - 1 - i) / halfLifeRows);
            var random = new SeededRandom(seed);
            var sample = new int[rows];
            for (int k = 0; k < rows; k++)
            {
                int at = Array.BinarySearch(cumulative, random.NextDouble() * total);
                sample[k] = Math.Min(end - 1, at < 0 ? ~at : at);
            }
            Array.Sort(sample);   // kept in time order
            return sample;
        })
        : throw new ArgumentException($"a recency-weighted window needs a positive half-life and at least 20 rows (got {halfLifeRows}, {rows}).");

    public override string ToString() => Name;
}
