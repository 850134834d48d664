using System.Globalization;
using System.Security.Cryptography;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Registry;

/// <summary>The slice of a dataset a model was trained or validated on: a row range or a time range.</summary>
/// <param name="Unit"><c>rows</c> or <c>time</c>.</param>
/// <param name="Start">First row index, or the ISO start time.</param>
/// <param name="End">Row index one past the last, or the ISO end time.</param>
/// <example>
/// <code>
/// Console.WriteLine(DataRange.Rows(0, 36_000));
/// // prints: rows 0..36000
/// </code>
/// </example>
public sealed record DataRange(string Unit, string Start, string End)
{
    public static DataRange Rows(long start, long end) => end >= start && start >= 0
        ? new("rows", start.ToString(CultureInfo.InvariantCulture), end.ToString(CultureInfo.InvariantCulture))
        : throw new ArgumentOutOfRangeException(nameof(end), $"A row range runs forward from row 0 or later, not {start}..{end}.");

    public static DataRange Time(DateTime start, DateTime end) => end >= start
        ? new("time", start.ToString("s", CultureInfo.InvariantCulture), end.ToString("s", CultureInfo.InvariantCulture))
        : throw new ArgumentOutOfRangeException(nameof(end), $"A time range runs forward, not {start:s}..{end:s}.");

    public override string ToString() => $"{Unit} {Start}..{End}";
}

/// <summary>Where a model version came from: its training data, trainer, parent and code.</summary>
/// <example>
/// <code>
/// var lineage = new ModelLineage { Dataset = "elec2", Range = DataRange.Rows(0, 1000), Trainer = "FastTree", ParentVersion = 2 };
/// Console.WriteLine($"{lineage.Dataset} {lineage.Range} {lineage.Trainer} parent={lineage.ParentVersion}");
/// // prints: elec2 rows 0..1000 FastTree parent=2
/// </code>
/// </example>
public sealed record ModelLineage
{
    /// <summary>The training dataset's name (a catalog name or a file).</summary>
    public string? Dataset { get; init; }
    /// <summary>The rows or time span of <see cref="Dataset"/> the model was trained on.</summary>
    public DataRange? Range { get; init; }
    /// <summary>Rows in the training table.</summary>
    public long? RowCount { get; init; }
    /// <summary>SHA-256 of the training table written as canonical CSV (<see cref="TableCsvWriter"/>).</summary>
    public string? DataSha256 { get; init; }
    public string? Trainer { get; init; }
    public IReadOnlyDictionary<string, string> Hyperparameters { get; init; } = new Dictionary<string, string>();
    /// <summary>The version this one was retrained from.</summary>
    public int? ParentVersion { get; init; }
    /// <summary>The code's git commit; null at registration means "detect it" (see <see cref="GitCommit"/>).</summary>
    public string? GitCommit { get; init; }

    /// <summary>Row count and SHA-256 of <paramref name="table"/> (the exact rows trained on), with its name and range.</summary>
    public static ModelLineage ForTable(string dataset, Table table, DataRange? range = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var sink = new HashingStream(hash)) TableCsvWriter.Write(table, sink);
        return new ModelLineage { Dataset = dataset, Range = range, RowCount = table.RowCount, DataSha256 = Convert.ToHexStringLower(hash.GetHashAndReset()) };
    }

    /// <summary>A write-only stream that feeds a hash, so a table is hashed without being held as CSV in memory.</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>What to record with a new version (everything but the file).</summary>
public sealed record RegisterOptions
{
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    /// <summary>Metrics on the version's validation data.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    public ModelLineage Lineage { get; init; } = new();
    /// <summary>Who or what registered it: <c>cli</c>, <c>policy</c>, <c>notebook</c>, <c>api</c> (default), or any name.</summary>
    public string CreatedBy { get; init; } = "api";
}

/// <summary>One registered version of a model: its content-addressed file, metrics, tags, lineage and aliases.</summary>
public sealed record ModelVersionInfo(
    string Name, int Version, string Sha256, long SizeBytes, string? SourceFile, string? Description,
    IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, double> Metrics, ModelLineage Lineage,
    string CreatedBy, string Creator, DateTime CreatedAt, IReadOnlyList<string> Aliases)
{
    public override string ToString() => $"{Name}:{Version}";
}

/// <summary>A registered model: its description, tags, versions and where its aliases point.</summary>
public sealed record RegisteredModel(string Name, string? Description, IReadOnlyDictionary<string, string> Tags,
    int LatestVersion, int VersionCount, IReadOnlyDictionary<string, int> Aliases, DateTime CreatedAt);

/// <summary>One move of an alias. <paramref name="Kind"/>: <c>set</c>, <c>rollback</c> or <c>delete</c>.</summary>
public sealed record AliasMove(string Name, string Alias, int Sequence, int? FromVersion, int? ToVersion, string Kind, DateTime At, string By);

/// <summary>A retraining decision with its evidence, promoted or not (recorded by a retraining policy).</summary>
public sealed record RetrainingDecision
{
    public required string Name { get; init; }
    /// <summary>Assigned by the registry (1, 2, ... per model).</summary>
    public int Id { get; init; }
    public DateTime At { get; init; }
    /// <summary>What started it, e.g. <c>drift:adwin</c>, <c>schedule:0 3 * * *</c>, <c>quality:accuracy&lt;0.8</c>.</summary>
    public required string Trigger { get; init; }
    public int? ChampionVersion { get; init; }
    public int? ChallengerVersion { get; init; }
    public DataRange? TrainRange { get; init; }
    public DataRange? HoldoutRange { get; init; }
    public IReadOnlyDictionary<string, double> ChampionMetrics { get; init; } = new Dictionary<string, double>();
    public IReadOnlyDictionary<string, double> ChallengerMetrics { get; init; } = new Dictionary<string, double>();
    public bool Promoted { get; init; }
    public bool DryRun { get; init; }
    public string? Reason { get; init; }
    public string CreatedBy { get; init; } = "policy";
}
