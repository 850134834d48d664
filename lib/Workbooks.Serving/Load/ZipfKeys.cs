using Workbooks.ModelOps.Data.Generators;

namespace Workbooks.Serving.Load;

/// <summary>
/// Key popularity for cache experiments: key k of n (0 = most popular) is drawn with probability proportional to
/// 1/(k+1)^s. s near 0 is uniform (a cache helps little), s = 1 is classic Zipf (web objects, product pages), s above 1
/// concentrates traffic on a few keys. Sampled by binary search over the cumulative weights, O(log n) per draw;
/// MathNet's Zipf sampler walks the weights linearly on every draw, too slow for 10,000 keys.
/// </summary>
/// <example>
/// <code>
/// var keys = ZipfKeys.Sample(keys: 1000, exponent: 1.2, count: 10_000, seed: 1);
/// Console.WriteLine(keys.Count(k => k == 0) > keys.Count(k => k == 1));
/// // prints: True
/// </code>
/// </example>
public static class ZipfKeys
{
    public static int[] Sample(int keys, double exponent, int count, ulong seed)
    {
        if (keys < 1) throw new ArgumentOutOfRangeException(nameof(keys), keys, "At least one key.");
        if (!(exponent >= 0) || double.IsInfinity(exponent)) throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The exponent is a finite number >= 0.");
        var cumulative = new double[keys];
        double total = 0;
        for (int k = 0; k < keys; k++) cumulative[k] = total += Math.Pow(k + 1, -exponent);
        var random = new SeededRandom(seed);
        var result = new int[count];
        for (int i = 0; i < count; i++)
        {
            int at = Array.BinarySearch(cumulative, random.NextDouble() * total);
            result[i] = Math.Min(at >= 0 ? at : ~at, keys - 1);
        }
        return result;
    }

    /// <summary>The best hit rate any cache holding every key can reach on <paramref name="sample"/>: all but each key's first request.</summary>
    public static double IdealHitRate(IReadOnlyCollection<int> sample) => sample.Count == 0 ? double.NaN : 1 - (double)sample.Distinct().Count() / sample.Count;
}
