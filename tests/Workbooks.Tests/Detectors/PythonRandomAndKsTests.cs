using System.Globalization;
using Workbooks.ModelOps.Detectors;
using Xunit;
using Workbooks.ModelOps.Statistics;

namespace Workbooks.Tests.Detectors;

/// <summary>
/// KSWIN's two ingredients against their references: Python's random.Random (python_random.txt and
/// python_random_floats.txt, made by CPython 3.11 random) and scipy.stats.ks_2samp (ks_pvalues.csv, SciPy 1.10.1), both from
/// Fixtures/detectors/make_detector_fixtures.py.
/// </summary>
public class PythonRandomAndKsTests
{
    [Fact]
    public void Mersenne_twister_and_sample_match_cpython_for_every_seed()
    {
        // Per seed the script writes 700 getrandbits(32) outputs, then re-seeds and writes sample() draws.
        PythonRandom rng = default;
        long seed = 0;
        var pool = new int[1000];
        int checkedLines = 0;
        foreach (var line in File.ReadLines(DetectorFixtures.PathOf("python_random.txt")))
        {
            var parts = line.Split(' ');
            if (parts[0] == "seed")
            {
                seed = long.Parse(parts[1], CultureInfo.InvariantCulture);
                rng = new PythonRandom(seed);
            }
            else if (parts[0] == "bits32")
            {
                foreach (var expected in parts.Skip(1))
                    Assert.Equal(uint.Parse(expected, CultureInfo.InvariantCulture), rng.GetRandBits(32));
                rng.Seed(seed);
            }
            else
            {
                int n = int.Parse(parts[1], CultureInfo.InvariantCulture), k = int.Parse(parts[2], CultureInfo.InvariantCulture);
                var result = new int[k];
                rng.SampleRange(n, result, pool);
                Assert.Equal(parts.Skip(3).Select(int.Parse), result);
            }
            checkedLines++;
        }
        Assert.Equal(260, checkedLines);
    }

    [Fact]
    public void Random_gauss_and_choices_match_cpython()
    {
        // Per seed: 200 random(), then (re-seeded) 201 gauss(0, 1), then (re-seeded) choices(range(4, 8), k=300).
        long seed = 0;
        int checkedLines = 0;
        foreach (var line in File.ReadLines(DetectorFixtures.PathOf("python_random_floats.txt")))
        {
            var parts = line.Split(' ');
            if (parts[0] == "seed")
            {
                seed = long.Parse(parts[1], CultureInfo.InvariantCulture);
                continue;
            }
            var expected = parts.Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var rng = new PythonStreams(seed);
            double[] actual = parts[0] switch
            {
                "random" => expected.Select(_ => rng.Random()).ToArray(),
                "gauss" => rng.Gauss(0, 1, expected.Length),
                "choices4" => rng.Choices([4, 5, 6, 7], expected.Length),
                _ => throw new FormatException(line),
            };
            Assert.Equal(expected, actual); // bit for bit: same MT19937 draws, same libm
            checkedLines++;
        }
        Assert.Equal(9, checkedLines);
    }

    [Fact]
    public void Ks_statistic_and_p_value_match_scipy_ks_2samp()
    {
        var lines = File.ReadAllLines(DetectorFixtures.PathOf("ks_pvalues.csv")).Skip(1).ToArray();
        Assert.Equal(24, lines.Length);
        foreach (var line in lines)
        {
            var f = line.Split(';');
            double[] a = Parse(f[0]), b = Parse(f[1]);
            double expectedD = double.Parse(f[2], CultureInfo.InvariantCulture);
            double expectedP = double.Parse(f[3], CultureInfo.InvariantCulture);
            var (d, p) = KsEqualSizeTest.Run(a, b);
            Assert.Equal(expectedD, d, 15);
            // exact p-values agree to the last bits; 1e-12 relative leaves room for libm differences
            Assert.True(Math.Abs(p - expectedP) <= 1e-12 * Math.Max(expectedP, 1e-300), $"n={a.Length}: p {p:R} vs scipy {expectedP:R}");
        }
    }

    [Fact]
    public void Ks_rejects_unequal_sizes() =>
        Assert.Throws<ArgumentException>(() => KsEqualSizeTest.Run(new double[3], new double[4]));

    private static double[] Parse(string csv) => csv.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}
