using System.Globalization;
using System.Text;

namespace Workbooks.Benchmarks;

/// <summary>
/// Deterministic data for the drift benchmarks: <c>columns</c> normal columns; every fourth column of the current
/// side is shifted by 0.3 standard deviations (so some columns drift, most do not). Values are rounded to 6
/// significant digits so that the arrays equal what a CSV round trip gives.
/// </summary>
public static class DriftBenchmarkData
{
    public static double[][] Columns(int rows, int columns, bool current, int seed)
    {
        var data = new double[columns][];
        Parallel.For(0, columns, j =>
        {
            var rng = new Random(seed * 1000 + j);
            double mean = j * 0.1 + (current && j % 4 == 0 ? 0.3 * (1 + j * 0.05) : 0), sd = 1 + j * 0.05;
            var col = new double[rows];
            for (int i = 0; i < rows; i += 2)
            {
                // Box-Muller: two normals per pair of uniforms.
                double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble(), r = Math.Sqrt(-2 * Math.Log(u1));
                col[i] = Round6(mean + sd * r * Math.Cos(2 * Math.PI * u2));
                if (i + 1 < rows) col[i + 1] = Round6(mean + sd * r * Math.Sin(2 * Math.PI * u2));
            }
            data[j] = col;
        });
        return data;
    }

    private static double Round6(double v) => double.Parse(v.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Writes reference.csv and current.csv (header c0..c{n-1}) into a folder, for the end-to-end timing.</summary>
    public static void WriteCsvFiles(string folder, int rows, int columns)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, current, seed) in new[] { ("reference.csv", false, 1), ("current.csv", true, 2) })
        {
            var data = Columns(rows, columns, current, seed);
            using var w = new StreamWriter(Path.Combine(folder, name), false, new UTF8Encoding(false), 1 << 20);
            w.WriteLine(string.Join(",", Enumerable.Range(0, columns).Select(j => $"c{j}")));
            var line = new StringBuilder();
            for (int i = 0; i < rows; i++)
            {
                line.Clear();
                for (int j = 0; j < columns; j++)
                {
                    if (j > 0) line.Append(',');
                    line.Append(data[j][i].ToString("R", CultureInfo.InvariantCulture));
                }
                w.WriteLine(line);
            }
        }
    }
}
