using Workbooks.ModelOps.Data.Preparation;

namespace Workbooks.ModelOps.Data;

/// <summary>The type a dataset column loads as in a DataFrame or IDataView.</summary>
/// <example>
/// <code>
/// var column = DatasetCatalog.Get("bike_sharing_hour").Column("dteday");
/// Console.WriteLine($"{column.Name} {column.Type} {column.Format}");
/// // prints: dteday DateTime yyyy-MM-dd
/// </code>
/// </example>
public enum DatasetColumnType { Double, Single, Int32, Boolean, String, DateTime }

/// <summary>One column of a catalogued dataset and the type it loads as.</summary>
/// <param name="Name">The header name in the prepared CSV.</param>
/// <param name="Type">The type in a DataFrame / IDataView. String and Boolean columns are categorical in a
/// <see cref="Table"/>; DateTime columns stay ISO text there (a Table has no date kind).</param>
/// <param name="Format">For DateTime columns: the exact format of the text (invariant culture).</param>
/// <example>
/// <code>
/// var column = DatasetCatalog.Get("adult").Column("workclass");
/// Console.WriteLine($"{column.Type} {column.IsCategorical}");
/// // prints: String True
/// </code>
/// </example>
public sealed record DatasetColumn(string Name, DatasetColumnType Type, string? Format = null)
{
    /// <summary>True when the column is a label-like value (string or boolean) rather than a number or a date.</summary>
    public bool IsCategorical => Type is DatasetColumnType.String or DatasetColumnType.Boolean;
}

/// <summary>
/// One file of a dataset's canonical public source.
/// </summary>
/// <param name="Url">Where it is downloaded from (a raw URL pinned to a commit or release).</param>
/// <param name="Sha256">The SHA-256 of the downloaded bytes, when it could be established; null when it could
/// not (see <see cref="Sha256Note"/>): then only the prepared CSV's SHA-256 is checked.</param>
/// <param name="Sha256Note">How <see cref="Sha256"/> was established, or why it is unknown.</param>
/// <example>
/// <code>
/// var source = DatasetCatalog.Get("adult").Sources[1];
/// Console.WriteLine($"{Path.GetFileName(source.Url)} {source.Sha256 ?? "unknown"}");
/// // prints: adult.test.gz unknown
/// </code>
/// </example>
public sealed record DatasetSourceFile(string Url, string? Sha256, string Sha256Note);

/// <summary>
/// A dataset of the <see cref="DatasetCatalog"/>: where it comes from, under what terms, how its source
/// becomes the prepared CSV table, the checksums that prove it, and the type of every column.
/// </summary>
/// <example>
/// <code>
/// var info = DatasetCatalog.Get("elec2");
/// Console.WriteLine($"{info.MirrorFile} {info.RowCount}");
/// // prints: electricity_elec2.csv.gz 45312
/// </code>
/// </example>
public sealed record DatasetInfo
{
    /// <summary>The catalog name, e.g. <c>elec2</c>.</summary>
    public required string Name { get; init; }
    public required string Description { get; init; }
    /// <summary>The licence or permission statement, as found in the source.</summary>
    public required string Licence { get; init; }
    /// <summary>What to cite when using the data.</summary>
    public required string Citation { get; init; }
    /// <summary>The canonical public source files (several when the preparation joins files).</summary>
    public required IReadOnlyList<DatasetSourceFile> Sources { get; init; }
    /// <summary>Turns the downloaded source files into the prepared CSV.</summary>
    public required IDatasetPreparation Preparation { get; init; }
    /// <summary>The file name in a mirror folder (<c>WORKBOOKS_DATA_MIRROR</c>), e.g. <c>adult.csv.gz</c>.</summary>
    public required string MirrorFile { get; init; }
    /// <summary>SHA-256 of the mirror file as stored (gzip bytes for a .gz file).</summary>
    public required string MirrorSha256 { get; init; }
    /// <summary>SHA-256 of the prepared, decompressed CSV: the table itself. Both paths (download and mirror)
    /// must produce exactly these bytes.</summary>
    public required string CsvSha256 { get; init; }
    /// <summary>Data rows in the prepared CSV (header excluded).</summary>
    public required int RowCount { get; init; }
    /// <summary>Every column, in file order, with its type.</summary>
    public required IReadOnlyList<DatasetColumn> Columns { get; init; }

    /// <summary>The column called <paramref name="name"/>, or an error naming the dataset and its columns.</summary>
    public DatasetColumn Column(string name) => Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"Dataset '{Name}' has no column '{name}'. Columns: {string.Join(", ", Columns.Select(c => c.Name))}.");

    public override string ToString() => $"{Name}: {Description} ({RowCount:N0} rows x {Columns.Count} columns)";
}
