using CsCheck;
using Workbooks.ModelOps.Compression;
using Xunit;

namespace Workbooks.Tests.Compression;

/// <summary>The branch-free threshold count against a plain count, for any sorted thresholds and any value.</summary>
public class SortedEdgesTests
{
    // Thresholds from a small set of values, so that values often hit a threshold exactly (the split sends those
    // left: not below); lengths across the vector window and the halving steps; values also NaN and ±∞.
    private static readonly Gen<float> Value = Gen.Frequency(
        (6, Gen.Int[-40, 40].Select(i => i / 4f)), (2, Gen.Float[-20f, 20f]), (1, Gen.Const(float.NaN)),
        (1, Gen.Bool.Select(b => b ? float.PositiveInfinity : float.NegativeInfinity)));

    [Fact]
    public void CountBelow_counts_the_thresholds_strictly_below_the_value_and_all_of_them_for_NaN()
    {
        Gen.Select(Gen.Int[-40, 40].Select(i => i / 4f).Array[0, 300], Value.Array[1, 20]).Sample(c =>
        {
            var (raw, values) = c;
            var thresholds = raw.Distinct().Order().ToArray();
            var edges = new SortedEdges(thresholds);
            foreach (var v in values)
            {
                int expected = float.IsNaN(v) ? thresholds.Length : thresholds.Count(t => t < v);
                Assert.Equal(expected, edges.CountBelow(v));
            }
        });
    }
}
