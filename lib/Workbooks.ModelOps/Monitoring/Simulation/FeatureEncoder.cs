using System.Text;
using System.Text.Json;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Monitoring.Simulation;

/// <summary>
/// Turns table rows into the float vector a model reads: numerical columns as they are (missing values as the
/// training mean), categorical columns one-hot over their training categories (at most 20, the rest in an
/// "other" slot). Learned on the training rows only, saved beside a model as JSON.
/// </summary>
/// <example>
/// <code>
/// var t = new Table([TableColumn.Numerical("x", [1, double.NaN]), TableColumn.Categorical("c", ["a", "b"])]);
/// var enc = FeatureEncoder.Fit(t, ["x", "c"], 0, 2);
/// Console.WriteLine($"{string.Join(",", enc.SlotNames)} | {string.Join(",", enc.Encode(t, 1))}");
/// // prints: x,c=a,c=b,c=other | 1,0,1,0
/// </code>
/// </example>
public sealed class FeatureEncoder
{
    private const int MaxCategories = 20;

    public sealed record Column(string Name, bool Categorical, double Mean, string[] Categories);

    private FeatureEncoder(IReadOnlyList<Column> columns)
    {
        Columns = columns;
        SlotNames = columns.SelectMany(c => c.Categorical ? c.Categories.Select(v => $"{c.Name}={v}").Append($"{c.Name}=other") : [c.Name]).ToArray();
    }

    public IReadOnlyList<Column> Columns { get; }
    public IReadOnlyList<string> SlotNames { get; }
    public int Width => SlotNames.Count;

    /// <summary>Learns means and categories from rows [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static FeatureEncoder Fit(Table table, IReadOnlyList<string> features, int from, int to)
    {
        var columns = new List<Column>();
        foreach (var name in features)
        {
            var c = table[name];
            if (c.Kind == ColumnKind.Numerical)
            {
                var v = c.Numbers![from..to].Where(x => !double.IsNaN(x)).ToArray();
                columns.Add(new Column(name, false, v.Length == 0 ? 0 : v.Average(), []));
            }
            else
            {
                var top = c.Labels![from..to].Where(x => x is not null).GroupBy(x => x!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Take(MaxCategories).Select(g => g.Key).ToArray();
                columns.Add(new Column(name, true, 0, top));
            }
        }
        return new FeatureEncoder(columns);
    }

    /// <summary>The vector of row <paramref name="row"/>.</summary>
    public float[] Encode(Table table, int row)
    {
        var x = new float[Width];
        int slot = 0;
        foreach (var c in Columns)
        {
            var col = table[c.Name];
            if (!c.Categorical)
            {
                double v = col.Kind == ColumnKind.Numerical ? col.Numbers![row] : double.NaN;
                x[slot++] = (float)(double.IsNaN(v) ? c.Mean : v);
                continue;
            }
            var label = col.AsLabels()[row];
            int k = label is null ? -1 : Array.IndexOf(c.Categories, label);
            if (label is not null) x[slot + (k >= 0 ? k : c.Categories.Length)] = 1;
            slot += c.Categories.Length + 1;
        }
        return x;
    }

    /// <summary>The row's features as JSON, by column name (what the prediction log stores).</summary>
    public string ToJson(Table table, int row)
    {
        var sb = new StringBuilder("{");
        foreach (var c in Columns)
        {
            if (sb.Length > 1) sb.Append(',');
            var col = table[c.Name];
            sb.Append(JsonSerializer.Serialize(c.Name)).Append(':');
            if (col.Kind == ColumnKind.Numerical && !double.IsNaN(col.Numbers![row])) sb.Append(col.Numbers[row].ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            else if (col.Kind == ColumnKind.Categorical && col.Labels![row] is { } s) sb.Append(JsonSerializer.Serialize(s));
            else sb.Append("null");
        }
        return sb.Append('}').ToString();
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(Columns));

    public static FeatureEncoder Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The feature encoding '{path}' saved beside the model is missing; retrain with --train --save-model.", path);
        var columns = JsonSerializer.Deserialize<List<Column>>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"'{path}' holds no feature encoding.");
        return new FeatureEncoder(columns);
    }
}
