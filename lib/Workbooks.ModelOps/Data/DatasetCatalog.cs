using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Workbooks.ModelOps.Data;

/// <summary>
/// Real datasets for drift and monitoring work: Elec2, Bike Sharing (hour, day), Adult, weather (Nebraska,
/// Seattle/New York), INSECTS, SEA (abrupt, gradual), STAGGER. On first use a dataset is taken from the copy the
/// repository ships (<c>data/datasets</c>, see <see cref="BundledDatasets"/>), else from the mirror folder
/// <c>WORKBOOKS_DATA_MIRROR</c> when it holds the file, else downloaded from its public source and prepared; either
/// way its SHA-256 is verified and it lands in the cache (<c>WORKBOOKS_DATA_CACHE</c>, default per user). Each <see cref="DatasetInfo"/> records origin, licence, citation, checksums and column types.
/// </summary>
/// <example>
/// <code>
/// var adult = DatasetCatalog.Get("adult");
/// Console.WriteLine($"{adult.Name}: {adult.RowCount} rows, {adult.Columns.Count} columns");
/// // prints: adult: 48842 rows, 16 columns
/// </code>
/// </example>
public static class DatasetCatalog
{
    /// <summary>Every catalogued dataset, in a stable order.</summary>
    public static IReadOnlyList<DatasetInfo> Datasets => DatasetEntries.All;

    /// <summary>The names accepted by the loaders.</summary>
    public static IEnumerable<string> Names => Datasets.Select(d => d.Name);

    /// <summary>The entry called <paramref name="name"/>, or an error listing the names there are.</summary>
    public static DatasetInfo Get(string name) =>
        Datasets.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"No dataset '{name}' in the catalog. Datasets: {string.Join(", ", Names)}.");

    /// <summary>The path of the verified, decompressed CSV in the local cache (fetched on first use).
    /// Options come from the environment; pass a <see cref="DatasetStore"/> to choose them.</summary>
    public static string GetCsvPath(string name, DatasetStore? store = null) =>
        (store ?? new DatasetStore(DatasetStoreOptions.FromEnvironment())).GetCsvPath(Get(name));

    /// <summary>
    /// The dataset as a <see cref="Table"/>: number columns numerical (NaN = missing), string and boolean
    /// columns categorical (null = missing, <c>?</c> in Adult included), date columns as their ISO text.
    /// </summary>
    public static Table LoadTable(string name, DatasetStore? store = null)
    {
        var info = Get(name);
        var path = GetCsvPath(info.Name, store);
        var table = TypedCsvReader.Read(path, info.Columns, info.RowCount, new CsvTableOptions().MissingTokens);
        if (table.RowCount != info.RowCount)
            throw new InvalidDataException($"{path}: {table.RowCount} rows, but the catalog says {info.RowCount} for '{info.Name}'.");
        return table;
    }

    /// <summary>The dataset as a DataFrame with each column's catalogued type (dates as DateTime, codes as Int32,
    /// categoricals as strings, measurements as double).</summary>
    public static DataFrame LoadDataFrame(string name, DatasetStore? store = null) =>
        LoadTable(name, store).ToDataFrame(Get(name).Columns);

    /// <summary>The dataset as an ML.NET IDataView with the catalogued column types.</summary>
    public static IDataView LoadDataView(string name, DatasetStore? store = null) => LoadDataFrame(name, store);
}
