using System.Globalization;
using Workbooks.ModelOps.Detectors;

namespace Workbooks.Tests.Detectors;

/// <summary>Reads the committed fixtures made by Fixtures/detectors/make_detector_fixtures.py.</summary>
internal static class DetectorFixtures
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "detectors", file);

    /// <summary>random.Random(12345): choices([0, 1], k=1000) + choices(range(4, 8), k=1000).</summary>
    public static double[] Stream12345 => ReadStream("stream_12345.txt");

    /// <summary>random.Random(42): choices([0, 1], k=1000) + choices([0, 1], k=1000, weights=[0.3, 0.7]).</summary>
    public static double[] Stream42 => ReadStream("stream_42.txt");

    /// <summary>NumPy legacy: np.random.seed(12345); randint(2, size=1000) ++ randint(8, size=1000).</summary>
    public static double[] StreamNp12345 => ReadStream("stream_np_12345.txt");

    /// <summary>NumPy legacy, seed 12345: binomial(1, 0.2) × 1000 ++ binomial(1, 0.8) × 1000 (River's data_stream_2).</summary>
    public static double[] StreamNpBinomial => ReadStream("stream_np_binomial.txt");

    /// <summary>NumPy legacy, seed 12345: normal(0 | 0.25 | 0 | 0.25, 0.1, 500) &gt; 0 (River's data_stream_3).</summary>
    public static double[] StreamNpNormal => ReadStream("stream_np_normal.txt");

    /// <summary>NumPy legacy: np.random.seed(42); randn(500) ++ randn(500) + 0.5.</summary>
    public static double[] StreamNp42Randn => ReadStream("stream_np_42_randn.txt");

    private static double[] ReadStream(string file) =>
        File.ReadAllLines(PathOf(file)).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Runs a detector over a stream and prints what River's docstring loops print.</summary>
    public static List<string> DocstringOutput(DriftDetector detector, double[] stream, bool printWarnings)
    {
        var lines = new List<string>();
        bool printWarning = true;
        for (int i = 0; i < stream.Length; i++)
        {
            detector.Update(stream[i]);
            if (printWarnings && detector.WarningDetected && printWarning)
            {
                lines.Add($"Warning detected at index {i}");
                printWarning = false;
            }
            if (detector.DriftDetected)
            {
                lines.Add(printWarnings ? $"Change detected at index {i}" : $"Change detected at index {i}, input value: {stream[i]}");
                printWarning = true;
            }
        }
        return lines;
    }

    /// <summary>One fresh detector of each kind with River's defaults (KSWIN seeded so runs repeat).</summary>
    public static IEnumerable<DriftDetector> AllDefaults() =>
        DetectorCatalog.Names.Select(n => n == "kswin"
            ? DetectorCatalog.Create(n, new Dictionary<string, string> { ["seed"] = "7" })
            : DetectorCatalog.Create(n));
}
