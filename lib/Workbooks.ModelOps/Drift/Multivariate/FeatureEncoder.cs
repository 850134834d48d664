using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Drift.Multivariate;

/// <summary>How a categorical column becomes numbers for a multivariate method (PCA reconstruction uses
/// <see cref="Frequency"/>, the domain classifier and MMD <see cref="OneHot"/>).</summary>
/// <example>
/// <code>
/// Console.WriteLine(string.Join(",", Enum.GetNames&lt;CategoricalEncoding&gt;()));
/// // prints: Frequency,OneHot
/// </code>
/// </example>
internal enum CategoricalEncoding
{
    /// <summary>Each category becomes its share of the fitted rows (NannyML's count encoder, normalised);
    /// a category never seen when fitting becomes 0.</summary>
    Frequency,
    /// <summary>One 0/1 feature per category (the most frequent ones, up to a limit); others set none.</summary>
    OneHot,
}

/// <summary>Options of <see cref="FeatureEncoder"/>.</summary>
internal sealed record FeatureEncoderOptions
{
    public CategoricalEncoding Categorical { get; init; } = CategoricalEncoding.OneHot;
    /// <summary>Scale every feature to mean 0, population standard deviation 1 on the fitted rows
    /// (scikit-learn's StandardScaler: a zero standard deviation scales by 1).</summary>
    public bool Standardize { get; init; }
    /// <summary>Add a 0/1 "is missing" feature for every column that has a missing value anywhere, so a
    /// change in missingness is visible after imputation hides it.</summary>
    public bool MissingIndicators { get; init; }
    /// <summary>Most one-hot features per categorical column (most frequent categories first).</summary>
    public int MaxCategories { get; init; } = 30;
}

/// <summary>
/// Turns selected columns of a <see cref="Table"/> into a dense row-major matrix: numerical columns
/// missing values imputed by the reference mean, categorical ones by the reference's most frequent
/// category (ties go to the ordinally smallest, as scikit-learn's SimpleImputer), then encoded and
/// optionally standardized. Fitted once on the reference so every table is encoded the same way.
/// </summary>
internal sealed class FeatureEncoder
{
    private readonly string[] _columns;
    private readonly ColumnKind[] _kinds;
    private readonly double[] _means;                                // numerical imputation value
    private readonly string?[] _modes;                               // categorical imputation value
    private readonly Dictionary<string, double>?[] _frequencies;     // Frequency encoding
    private readonly Dictionary<string, int>?[] _oneHotSlots;        // OneHot: category -> offset
    private readonly int[] _offsets;                                 // first feature of each column
    private readonly int[] _missingSlot;                             // feature index of the indicator, or -1
    private readonly double[] _center, _scale;
    private readonly FeatureEncoderOptions _options;

    /// <summary>Names of the encoded features, e.g. <c>temp</c>, <c>season=2</c>, <c>hum (missing)</c>.</summary>
    public IReadOnlyList<string> FeatureNames { get; }
    /// <summary>For each feature, the index of the input column it comes from.</summary>
    public IReadOnlyList<int> FeatureColumn { get; }
    public IReadOnlyList<string> Columns => _columns;
    public int Width => FeatureNames.Count;

    /// <summary>Fits on <paramref name="reference"/>. Categories for one-hot and the missing indicators
    /// also look at <paramref name="alsoSeen"/> (the current data), so a new category or new missingness
    /// gets a feature of its own.</summary>
    public static FeatureEncoder Fit(Table reference, IReadOnlyList<string> columns, FeatureEncoderOptions options, Table? alsoSeen = null)
    {
        if (columns.Count == 0) throw new ArgumentException("Select at least one column for a multivariate drift method.", nameof(columns));
        CheckColumns(reference, columns);
        if (alsoSeen is not null) CheckColumns(alsoSeen, columns, reference);
        if (reference.RowCount == 0) throw new ArgumentException($"{reference.Source}: the reference has no rows.");
        return new FeatureEncoder(reference, columns.ToArray(), options, alsoSeen);
    }

    private FeatureEncoder(Table reference, string[] columns, FeatureEncoderOptions options, Table? alsoSeen)
    {
        _columns = columns; _options = options;
        int n = columns.Length;
        _kinds = new ColumnKind[n]; _means = new double[n]; _modes = new string?[n];
        _frequencies = new Dictionary<string, double>?[n]; _oneHotSlots = new Dictionary<string, int>?[n];
        _offsets = new int[n]; _missingSlot = new int[n];
        var names = new List<string>(); var owner = new List<int>();
        for (int c = 0; c < n; c++)
        {
            var col = reference[columns[c]];
            _kinds[c] = col.Kind;
            _offsets[c] = names.Count;
            if (col.Kind == ColumnKind.Numerical)
            {
                _means[c] = MeanOf(col, reference.Source);
                names.Add(col.Name); owner.Add(c);
            }
            else
            {
                var counts = CountLabels(col.Labels!);
                if (counts.Count == 0) throw new ArgumentException($"{reference.Source}: column '{col.Name}' has no values in the reference (all missing); drop it from the columns.");
                _modes[c] = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
                if (options.Categorical == CategoricalEncoding.Frequency)
                {
                    // Shares after imputation, as the encoder is fitted on the imputed reference.
                    int missing = col.Labels!.Count(v => v is null);
                    counts[_modes[c]!] += missing;
                    _frequencies[c] = counts.ToDictionary(kv => kv.Key, kv => kv.Value / (double)col.Length, StringComparer.Ordinal);
                    names.Add(col.Name); owner.Add(c);
                }
                else
                {
                    if (alsoSeen is not null)
                        foreach (var kv in CountLabels(alsoSeen[columns[c]].Labels!))
                            counts[kv.Key] = counts.GetValueOrDefault(kv.Key) + kv.Value;
                    var kept = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                        .Take(options.MaxCategories).Select(kv => kv.Key).ToArray();
                    _oneHotSlots[c] = new Dictionary<string, int>(StringComparer.Ordinal);
                    foreach (var k in kept) { _oneHotSlots[c]![k] = names.Count - _offsets[c]; names.Add($"{col.Name}={k}"); owner.Add(c); }
                }
            }
            _missingSlot[c] = -1;
            if (options.MissingIndicators && (col.MissingCount > 0 || (alsoSeen is not null && alsoSeen[columns[c]].MissingCount > 0)))
            {
                _missingSlot[c] = names.Count; names.Add($"{col.Name} (missing)"); owner.Add(c);
            }
        }
        FeatureNames = names; FeatureColumn = owner;
        _center = new double[names.Count]; _scale = Enumerable.Repeat(1.0, names.Count).ToArray();
        if (options.Standardize) FitScaler(Encode(reference));
    }

    /// <summary>Encodes rows <c>[start, end)</c> of <paramref name="table"/> (all rows by default) into a
    /// row-major matrix of <c>(end - start) x Width</c>.</summary>
    public double[] Transform(Table table, int start = 0, int end = -1)
    {
        var m = Encode(table, start, end);
        if (_options.Standardize)
            for (int i = 0; i < m.Length; i++) { int f = i % Width; m[i] = (m[i] - _center[f]) / _scale[f]; }
        return m;
    }

    private double[] Encode(Table table, int start = 0, int end = -1)
    {
        if (end < 0) end = table.RowCount;
        if (start < 0 || end > table.RowCount || start > end)
            throw new ArgumentOutOfRangeException(nameof(start), $"{table.Source}: rows [{start}:{end}) are outside the table's {table.RowCount} rows.");
        int rows = end - start, w = Width;
        var m = new double[rows * w];
        for (int c = 0; c < _columns.Length; c++)
        {
            var col = table[_columns[c]];
            if (col.Kind != _kinds[c])
                throw new ArgumentException($"Column '{col.Name}' is {col.Kind.ToString().ToLowerInvariant()} in {table.Source} but was {_kinds[c].ToString().ToLowerInvariant()} in the reference; give it the same type on both sides.");
            int off = _offsets[c], miss = _missingSlot[c];
            for (int r = 0; r < rows; r++)
            {
                int row = start + r, at = r * w;
                bool missing;
                if (_kinds[c] == ColumnKind.Numerical)
                {
                    double v = col.Numbers![row];
                    if (double.IsInfinity(v)) throw new ArgumentException($"{table.Source}: column '{col.Name}' row {row} holds {v}; multivariate drift needs finite numbers (NaN marks a missing value).");
                    missing = double.IsNaN(v);
                    m[at + off] = missing ? _means[c] : v;
                }
                else
                {
                    string? v = col.Labels![row];
                    missing = v is null;
                    v ??= _modes[c];
                    if (_frequencies[c] is { } freq) m[at + off] = freq.GetValueOrDefault(v!);
                    else if (_oneHotSlots[c]!.TryGetValue(v!, out int slot)) m[at + off + slot] = 1.0;
                }
                if (miss >= 0 && missing) m[at + miss] = 1.0;
            }
        }
        return m;
    }

    private void FitScaler(double[] m)
    {
        int w = Width, rows = m.Length / w;
        for (int f = 0; f < w; f++)
        {
            double mean = 0; for (int r = 0; r < rows; r++) mean += m[r * w + f];
            mean /= rows;
            double ss = 0; for (int r = 0; r < rows; r++) { double d = m[r * w + f] - mean; ss += d * d; }
            double sd = Math.Sqrt(ss / rows);
            _center[f] = mean; _scale[f] = sd > 0 ? sd : 1.0;
        }
    }

    private static double MeanOf(TableColumn col, string source)
    {
        double sum = 0; int n = 0;
        for (int i = 0; i < col.Numbers!.Length; i++)
        {
            double v = col.Numbers[i];
            if (double.IsNaN(v)) continue;
            if (double.IsInfinity(v)) throw new ArgumentException($"{source}: column '{col.Name}' row {i} holds {v}; multivariate drift needs finite numbers (NaN marks a missing value).");
            sum += v; n++;
        }
        if (n == 0) throw new ArgumentException($"{source}: column '{col.Name}' has no values in the reference (all missing); drop it from the columns.");
        return sum / n;
    }

    private static Dictionary<string, int> CountLabels(string?[] labels)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in labels) if (v is not null) counts[v] = counts.GetValueOrDefault(v) + 1;
        return counts;
    }

    private static void CheckColumns(Table table, IReadOnlyList<string> columns, Table? kindsFrom = null)
    {
        foreach (var name in columns)
        {
            var col = table[name]; // names the source and lists the columns when absent
            if (kindsFrom is not null && kindsFrom[name].Kind != col.Kind)
                throw new ArgumentException($"Column '{name}' is {kindsFrom[name].Kind.ToString().ToLowerInvariant()} in {kindsFrom.Source} but {col.Kind.ToString().ToLowerInvariant()} in {table.Source}; give it the same type on both sides.");
        }
    }
}
