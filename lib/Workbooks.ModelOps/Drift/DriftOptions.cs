using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Drift;

/// <summary>Correction of p-value thresholds for testing many columns at once.</summary>
public enum MultipleTestingCorrection
{
    /// <summary>Each column keeps its own threshold.</summary>
    None,
    /// <summary>Each p-value threshold is divided by the number of p-value tests.</summary>
    Bonferroni,
    /// <summary>Benjamini-Hochberg step-up: controls the false discovery rate at the threshold.</summary>
    BenjaminiHochberg,
}

/// <summary>How numerical columns are binned for PSI, KL, Jensen-Shannon and Hellinger.</summary>
public enum BinningStrategy
{
    /// <summary>Evidently's rule: more than 20 distinct reference values: Sturges bins over the pooled data
    /// (<c>numpy.histogram_bin_edges(pooled, "sturges")</c>); otherwise one bin per distinct value.</summary>
    Evidently,
    /// <summary>Bins bounded by reference quantiles (<see cref="DriftOptions.QuantileBins"/> of them),
    /// outer edges widened to the pooled minimum and maximum.</summary>
    ReferenceQuantiles,
}

/// <summary>
/// Options of a data drift run. Test choice precedence: per column, then per kind, then for all columns,
/// then the automatic rule (<see cref="AutoTestChooser"/>).
/// </summary>
/// <example>
/// <code>
/// var o = new DriftOptions { TestForAll = "psi", DriftShare = 0.3 };
/// Console.WriteLine($"{o.TestForAll} {o.DriftShare}");   // psi 0.3
/// </code>
/// </example>
public sealed record DriftOptions
{
    /// <summary>Columns to compare (all columns of the reference when null).</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    /// <summary>Test per column name (overrides everything else).</summary>
    public IReadOnlyDictionary<string, string> TestPerColumn { get; init; } = new Dictionary<string, string>();
    /// <summary>Test per column kind.</summary>
    public IReadOnlyDictionary<ColumnKind, string> TestPerKind { get; init; } = new Dictionary<ColumnKind, string>();
    /// <summary>One test for every column.</summary>
    public string? TestForAll { get; init; }
    /// <summary>Threshold for every test (each test's default when null).</summary>
    public double? Threshold { get; init; }
    /// <summary>Threshold per column name.</summary>
    public IReadOnlyDictionary<string, double> ThresholdPerColumn { get; init; } = new Dictionary<string, double>();
    /// <summary>Dataset drift when the share of drifted columns is at least this (Evidently's default 0.5).</summary>
    public double DriftShare { get; init; } = 0.5;
    /// <summary>Correction of p-value tests across columns.</summary>
    public MultipleTestingCorrection Correction { get; init; } = MultipleTestingCorrection.None;
    /// <summary>Run every applicable test per column and keep them in <see cref="ColumnDriftResult.OtherTests"/>.</summary>
    public bool AllTests { get; init; }
    /// <summary>Alert when the current side's missing share is above this (off when null).</summary>
    public double? MissingShareThreshold { get; init; }
    /// <summary>A side whose share of missing, infinite or unparseable values is above this gets a warning (default 1%).</summary>
    public double WarningShare { get; init; } = 0.01;
    /// <summary>A side with fewer usable values than this gets a warning: the test has little power (default 30).</summary>
    public int SmallSample { get; init; } = 30;
    /// <summary>Any unparseable value in a numerical column is an error (<see cref="InvalidDataException"/> naming
    /// the source, column, row and value) instead of being counted and left out.</summary>
    public bool Strict { get; init; }
    public BinningStrategy Binning { get; init; } = BinningStrategy.Evidently;
    /// <summary>Bins for <see cref="BinningStrategy.ReferenceQuantiles"/>.</summary>
    public int QuantileBins { get; init; } = 10;
    /// <summary>Columns tested in parallel (default: processor count).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
    /// <summary>Called after each column is done (columns done, columns in all), for progress displays.</summary>
    public Action<int, int>? Progress { get; init; }
}
