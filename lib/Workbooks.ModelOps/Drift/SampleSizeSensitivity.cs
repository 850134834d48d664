using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;

namespace Workbooks.ModelOps.Drift;

/// <summary>One test's verdict on samples of one size.</summary>
/// <example>
/// <code>
/// var p = new SampleSizePoint(1000, "ks", 0.001, 0.05, true);
/// Console.WriteLine($"{p.Test} at {p.Size}: {p.DriftDetected}");
/// // prints: ks at 1000: True
/// </code>
/// </example>
public sealed record SampleSizePoint(int Size, string Test, double Score, double Threshold, bool DriftDetected);

/// <summary>How the drift verdicts on one column change with the sample size (see <see cref="SampleSizeSensitivity"/>).</summary>
/// <example>
/// <code>
/// var r = new SampleSizeSensitivityResult("temp", [new SampleSizePoint(100, "ks", 0.9, 0.05, false), new SampleSizePoint(1000, "ks", 0.01, 0.05, true)]);
/// Console.WriteLine(r.SmallestDriftingSize("ks"));
/// // prints: 1000
/// </code>
/// </example>
/// <param name="Column">The column compared.</param>
/// <param name="Points">One point per size and test, sizes ascending.</param>
public sealed record SampleSizeSensitivityResult(string Column, IReadOnlyList<SampleSizePoint> Points) : Reporting.IHtmlRenderable
{
    /// <summary>The smallest size from which the test flags drift at every larger size tried; null if it never settles on drift.</summary>
    public int? SmallestDriftingSize(string test)
    {
        var points = Points.Where(p => p.Test == test).OrderBy(p => p.Size).ToArray();
        int? from = null;
        foreach (var p in points) from = p.DriftDetected ? from ?? p.Size : null;
        return from;
    }

    public string ToHtml() => Reporting.ChartHtml.ToHtml(Reporting.DataDriftCharts.SampleSize(this));
}

/// <summary>
/// Shows why p-value tests over-alarm on large samples: the same two distributions are resampled (with
/// replacement, seeded) at growing sizes and each test is run at its default threshold. A p-value test
/// such as KS answers "is there any difference at all?", so with enough rows even a negligible shift gets
/// p &lt; 0.05; a distance such as the normed Wasserstein answers "how large is the difference?" and stays
/// put as the sample grows. This is why the automatic choice switches to distances above 1000 reference rows.
/// </summary>
/// <example>
/// <code>
/// var bike = DatasetCatalog.LoadTable("bike_sharing_hour");
/// var r = SampleSizeSensitivity.Run(bike.Where("yr", 0)["temp"], bike.Where("yr", 1)["temp"], [100, 1000, 10000], ["ks", "wasserstein"]);
/// Console.WriteLine(r.SmallestDriftingSize("ks"));
/// // prints: 10000
/// </code>
/// </example>
public static class SampleSizeSensitivity
{
    public static SampleSizeSensitivityResult Run(TableColumn reference, TableColumn current, IReadOnlyList<int> sizes,
        IReadOnlyList<string> tests, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(reference); ArgumentNullException.ThrowIfNull(current);
        if (reference.Kind != current.Kind)
            throw new ArgumentException($"Column '{reference.Name}' is {reference.Kind.ToString().ToLowerInvariant()} in the reference but {current.Kind.ToString().ToLowerInvariant()} in the current data.");
        var chosen = tests.Select(DriftTestRegistry.Get).ToArray();
        foreach (var t in chosen)
            if (!t.Descriptor.AppliesTo(reference.Kind)) throw new ArgumentException($"Test '{t.Descriptor.Name}' does not apply to the {reference.Kind.ToString().ToLowerInvariant()} column '{reference.Name}'.");
        var refRows = Present(reference); var curRows = Present(current);
        var rng = new SeededRandom(seed);
        var points = new List<SampleSizePoint>();
        foreach (int size in sizes.Order())
        {
            if (size < 2) throw new ArgumentOutOfRangeException(nameof(sizes), size, "Sample sizes must be at least 2.");
            var pair = DriftColumnPair.FromColumns(Draw(reference, refRows, size, rng), Draw(current, curRows, size, rng));
            foreach (var t in chosen)
            {
                var r = t.Run(pair, t.Descriptor.DefaultThreshold);
                points.Add(new SampleSizePoint(size, r.Test, r.Score, r.Threshold, r.DriftDetected));
            }
        }
        return new SampleSizeSensitivityResult(reference.Name, points);
    }

    private static int[] Present(TableColumn c)
    {
        var rows = Enumerable.Range(0, c.Length).Where(i => c.Numbers is { } n ? double.IsFinite(n[i]) : c.Labels![i] is not null).ToArray();
        if (rows.Length == 0) throw new ArgumentException($"Column '{c.Name}' has no usable values to resample.");
        return rows;
    }

    private static TableColumn Draw(TableColumn c, int[] rows, int size, Random rng)
    {
        var picked = Enumerable.Range(0, size).Select(_ => rows[rng.Next(rows.Length)]).ToArray();
        return c.Numbers is { } n ? TableColumn.Numerical(c.Name, picked.Select(i => n[i]).ToArray())
            : TableColumn.Categorical(c.Name, picked.Select(i => c.Labels![i]).ToArray());
    }
}
