using Workbooks.ModelOps.Detectors;
using Workbooks.ModelOps.Statistics;

namespace Workbooks.Tests.Detectors;

/// <summary>
/// The parts of Python's <c>random.Random</c> that River's ADWIN regression tests draw from, built on the
/// library's MT19937 port: <c>random()</c>, <c>gauss(mu, sigma)</c> (Box–Muller with the cached second
/// value, as CPython) and unweighted <c>choices(population, k)</c>. Checked value for value against
/// python_random_floats.txt (Fixtures/detectors/make_detector_fixtures.py).
/// </summary>
internal sealed class PythonStreams(long seed)
{
    private PythonRandom _rng = new(seed);
    private double? _gaussNext;

    public double Random() => _rng.NextDouble();

    public double Gauss(double mu, double sigma)
    {
        double? z = _gaussNext;
        _gaussNext = null;
        if (z is null)
        {
            double x2pi = Random() * 2 * Math.PI;
            double g2rad = Math.Sqrt(-2.0 * Math.Log(1.0 - Random()));
            z = Math.Cos(x2pi) * g2rad;
            _gaussNext = Math.Sin(x2pi) * g2rad;
        }
        return mu + z.Value * sigma;
    }

    /// <summary><c>choices(population, k=k)</c>: population[floor(random() · n)], k times.</summary>
    public double[] Choices(IReadOnlyList<int> population, int k)
    {
        var result = new double[k];
        for (int i = 0; i < k; i++)
            result[i] = population[(int)Math.Floor(Random() * population.Count)];
        return result;
    }

    public double[] Gauss(double mu, double sigma, int count)
    {
        var result = new double[count];
        for (int i = 0; i < count; i++)
            result[i] = Gauss(mu, sigma);
        return result;
    }
}
