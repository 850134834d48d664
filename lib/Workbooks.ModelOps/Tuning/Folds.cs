using Workbooks.ModelOps.Data.Generators;
namespace Workbooks.ModelOps.Tuning;

/// <summary>One validation fold: the rows a trial trains on and the rows it is scored on (row indices of the search data).</summary>
public sealed record Fold(int[] Train, int[] Validate);

/// <summary>
/// Splitting rows for validation. <see cref="KFold"/> shuffles (seeded) and lets each of k parts be scored once by a
/// model trained on the others; <see cref="TimeOrdered"/> is for time-ordered rows: fold i trains on everything before
/// block i + 1 and is scored on that block, so a model never sees a row later than the rows it is scored on
/// (scikit-learn's TimeSeriesSplit). Randomly splitting time-ordered rows would let a model learn from the future of its
/// validation rows and look better than it will in production.
/// </summary>
/// <example>
/// <code>
/// var folds = Folds.TimeOrdered(10, 2);
/// Console.WriteLine(string.Join(" | ", folds.Select(f => $"{string.Join(",", f.Train)} -> {string.Join(",", f.Validate)}")));
/// // prints: 0,1,2 -> 3,4,5 | 0,1,2,3,4,5 -> 6,7,8,9
/// </code>
/// </example>
public static class Folds
{
    /// <summary>k folds of shuffled rows; every row is validated exactly once.</summary>
    public static IReadOnlyList<Fold> KFold(int rows, int k, int seed)
    {
        Check(rows, k);
        var order = Enumerable.Range(0, rows).ToArray();
        new SeededRandom(seed).Shuffle(order);
        var folds = new List<Fold>(k);
        for (int i = 0; i < k; i++)
        {
            int start = (int)((long)rows * i / k), end = (int)((long)rows * (i + 1) / k);
            var validate = order[start..end];
            Array.Sort(validate);
            var train = order[..start].Concat(order[end..]).Order().ToArray();
            folds.Add(new Fold(train, validate));
        }
        return folds;
    }

    /// <summary>k expanding-window folds: the rows are cut into k + 1 consecutive blocks; fold i trains on blocks 0..i and
    /// validates on block i + 1 (every training row comes before every validation row).</summary>
    public static IReadOnlyList<Fold> TimeOrdered(int rows, int k)
    {
        Check(rows, k + 1);
        var folds = new List<Fold>(k);
        for (int i = 1; i <= k; i++)
        {
            int cut = (int)((long)rows * i / (k + 1)), end = (int)((long)rows * (i + 1) / (k + 1));
            folds.Add(new Fold(Enumerable.Range(0, cut).ToArray(), Enumerable.Range(cut, end - cut).ToArray()));
        }
        return folds;
    }

    private static void Check(int rows, int parts)
    {
        if (parts < 2) throw new ArgumentException($"Validation needs at least 2 folds, got {parts}.");
        if (rows < parts * 2) throw new ArgumentException($"{rows} rows are too few for {parts} folds of at least 2 rows.");
    }
}
