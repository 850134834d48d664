using BenchmarkDotNet.Attributes;
using Workbooks.ModelOps.Data;

namespace Workbooks.Benchmarks;

/// <summary>
/// Loading a cached dataset: the baseline reads the cached CSV's bytes (the I/O floor); the others are the
/// catalog calls users make. Reads the copy bundled in data/datasets (or the cache, the mirror, a download).
/// Run: dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- --filter '*DatasetLoad*'
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class DatasetLoadBenchmarks
{
    private string _path = "";

    [Params("elec2", "adult")]
    public string Name { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _path = DatasetCatalog.GetCsvPath(Name);

    [Benchmark(Baseline = true, Description = "read cached CSV bytes")]
    public int ReadBytes() => File.ReadAllBytes(_path).Length;

    [Benchmark(Description = "SHA-256 of cached CSV (first use per process)")]
    public string VerifyChecksum() => DatasetStore.Sha256Of(_path);

    [Benchmark(Description = "LoadTable")]
    public int LoadTable() => DatasetCatalog.LoadTable(Name).RowCount;

    [Benchmark(Description = "LoadDataFrame")]
    public long LoadDataFrame() => DatasetCatalog.LoadDataFrame(Name).Rows.Count;
}
