using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Drift;

/// <summary>
/// Univariate data drift between a reference and a current data set: each column prepared once (sorted or
/// counted), its test chosen (<see cref="AutoTestChooser"/> unless overridden), run, corrected for multiple
/// testing if asked, and gathered into a <see cref="DataDriftReport"/>. Columns run in parallel.
/// </summary>
/// <example>
/// <code>
/// var reference = new Table([TableColumn.Numerical("x", [1, 2, 3, 4, 5, 6, 7, 8])]);
/// var current = new Table([TableColumn.Numerical("x", [11, 12, 13, 14, 15, 16, 17, 18])]);
/// var report = DataDrift.Compute(reference, current);
/// Console.WriteLine($"{report.DatasetDrift} {report.NumberOfDriftedColumns}");   // True 1
/// </code>
/// </example>
public static class DataDrift
{
    public static DataDriftReport Compute(Table reference, Table current, DriftOptions? options = null)
    {
        options ??= new DriftOptions();
        var names = options.Columns ?? reference.ColumnNames.ToList();
        foreach (var name in names)
        {
            if (!reference.HasColumn(name)) throw new KeyNotFoundException($"{reference.Source}: no column '{name}'. Columns: {string.Join(", ", reference.ColumnNames)}.");
            if (!current.HasColumn(name)) throw new KeyNotFoundException($"{current.Source}: no column '{name}' (it is in the reference). Columns: {string.Join(", ", current.ColumnNames)}.");
        }
        var results = new ColumnDriftResult[names.Count];
        int done = 0;
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) };
            Parallel.For(0, names.Count, parallel, i =>
            {
                var pair = DriftColumnPair.FromColumns(reference[names[i]], current[names[i]]).WithBinning(new BinningSpec(options.Binning, options.QuantileBins));
                if (options.Strict) DriftDataQuality.ThrowOnUnparseable(pair, reference.Source, current.Source);
                results[i] = CompareColumn(pair, options);
                options.Progress?.Invoke(Interlocked.Increment(ref done), names.Count);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            // Surface the first column's own error (it names the column), not the parallel wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return new DataDriftReport(MultipleTesting.Apply(results, options.Correction), options.DriftShare, options.Correction, reference.RowCount, current.RowCount);
    }

    /// <summary>Drift between two Microsoft.Data.Analysis DataFrames (converted by <see cref="TableConversions"/>).</summary>
    public static DataDriftReport Compute(Microsoft.Data.Analysis.DataFrame reference, Microsoft.Data.Analysis.DataFrame current, DriftOptions? options = null) =>
        Compute(reference.ToTable("reference DataFrame"), current.ToTable("current DataFrame"), options);

    /// <summary>Drift between two ML.NET IDataViews (every row read; see <see cref="TableConversions"/>).</summary>
    public static DataDriftReport Compute(Microsoft.ML.IDataView reference, Microsoft.ML.IDataView current, DriftOptions? options = null) =>
        Compute(reference.ToTable("reference IDataView"), current.ToTable("current IDataView"), options);

    /// <summary>Drift of one numerical column given as arrays (NaN = missing).</summary>
    public static ColumnDriftResult Compare(string name, ReadOnlySpan<double> reference, ReadOnlySpan<double> current, DriftOptions? options = null)
    {
        options ??= new DriftOptions();
        return CompareColumn(DriftColumnPair.Numerical(name, reference, current).WithBinning(new BinningSpec(options.Binning, options.QuantileBins)), options);
    }

    /// <summary>Drift of one categorical column given as labels (null or empty = missing).</summary>
    public static ColumnDriftResult Compare(string name, IReadOnlyList<string?> reference, IReadOnlyList<string?> current, DriftOptions? options = null)
    {
        options ??= new DriftOptions();
        return CompareColumn(DriftColumnPair.Categorical(name, reference, current).WithBinning(new BinningSpec(options.Binning, options.QuantileBins)), options);
    }

    /// <summary>Chooses, runs and explains the test(s) of one prepared column.</summary>
    public static ColumnDriftResult CompareColumn(DriftColumnPair pair, DriftOptions options)
    {
        var choice = AutoTestChooser.Choose(pair, options);
        double Threshold(IDriftTest t) => options.ThresholdPerColumn.TryGetValue(pair.Name, out var th) ? th : options.Threshold ?? t.Descriptor.DefaultThreshold;
        // A side with no usable value is not tested at all: a neutral "score 0, no drift" would be a false all-clear.
        var notTested = DriftDataQuality.NotTestedReason(pair);
        var chosen = notTested is null ? choice.Test.Run(pair, Threshold(choice.Test))
            : DriftTestResult.From(choice.Test.Descriptor, double.NaN, null, double.NaN, Threshold(choice.Test), $"not tested: {notTested}");
        var all = new Dictionary<string, DriftTestResult>(StringComparer.Ordinal) { [chosen.Test] = chosen };
        if (options.AllTests && notTested is null)
            foreach (var t in DriftTestRegistry.For(pair.Kind))
                if (!all.ContainsKey(t.Descriptor.Name)) all[t.Descriptor.Name] = t.Run(pair, Threshold(t));
        bool missingAlert = options.MissingShareThreshold is { } ms && pair.CurrentCounts.MissingShare > ms;
        return new ColumnDriftResult(pair.Name, pair.Kind, chosen.Test, choice.Reason, chosen, pair.ReferenceCounts, pair.CurrentCounts,
            pair.DistinctValues, all, missingAlert, Notes(pair, chosen, options))
        {
            NotTestedReason = notTested,
            Warnings = DriftDataQuality.Warnings(pair, options),
        };
    }

    private static List<string> Notes(DriftColumnPair pair, DriftTestResult chosen, DriftOptions options)
    {
        var notes = new List<string>();
        foreach (var (side, c) in new[] { ("reference", pair.ReferenceCounts), ("current", pair.CurrentCounts) })
        {
            if (c.PositiveInfinity + c.NegativeInfinity > 0)
                notes.Add($"{side}: {c.PositiveInfinity} +Infinity and {c.NegativeInfinity} -Infinity values counted and left out of the tests");
            if (c.Missing > 0) notes.Add($"{side}: {c.Missing} of {c.Rows} values missing ({c.MissingShare:P1}), left out of the tests");
            if (c.FirstUnparseable is { } u) notes.Add($"{side}: {c.Unparseable} values are not numbers (first '{u.FirstValue}' at row {u.FirstRow + 1}), left out of the tests");
        }
        if (pair.DistinctValues == 1) notes.Add("constant column: one distinct value over both sides");
        if (options.MissingShareThreshold is { } ms && pair.CurrentCounts.MissingShare > ms)
            notes.Add($"missing share {pair.CurrentCounts.MissingShare:P1} in current is above {ms:P1}");
        if (chosen.Note is { } n) notes.Add(n);
        return notes;
    }
}
