using Workbooks.ModelOps.Compression;
using Workbooks.Walkthroughs;

namespace Workbooks.Tests.Compression;

/// <summary>The three compression examples trained small (20 trees) so tests stay fast; trained once per test run.</summary>
public static class CompressionModels
{
    private static readonly Dictionary<string, Lazy<CompressionExample>> Cases =
        CompressionExamples.Names.ToDictionary(n => n, n => new Lazy<CompressionExample>(() => CompressionExamples.Load(n, trees: 20)));

    public static CompressionExample Adult => ByName("adult");
    public static CompressionExample Insects => ByName("insects");
    public static CompressionExample Bike => ByName("bike");
    public static CompressionExample ByName(string name) => Cases[name].Value;
}
