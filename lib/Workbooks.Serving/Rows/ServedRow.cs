using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.Serving.Rows;

/// <summary>
/// One input row of a served model, in the order of the model's <see cref="TrainedModel.Schema"/>: a number per
/// numerical column (NaN when missing) and a text per categorical one (null when missing). Built by
/// <see cref="RowReader"/> from a request's JSON object, so a row never reaches the model unchecked.
/// </summary>
public sealed class ServedRow
{
    internal ServedRow(IReadOnlyList<ModelColumn> schema, double[] numbers, string?[] labels)
    {
        Schema = schema; Numbers = numbers; Labels = labels;
    }

    /// <summary>The model's columns, in the order the values follow.</summary>
    public IReadOnlyList<ModelColumn> Schema { get; }
    /// <summary>Per schema column: the number (numerical columns; NaN when missing), unused for categorical ones.</summary>
    internal double[] Numbers { get; }
    /// <summary>Per schema column: the text (categorical columns; null when missing), unused for numerical ones.</summary>
    internal string?[] Labels { get; }

    /// <summary>A row of the given values, keyed by column name (numbers or texts; null for missing), for code that
    /// predicts without JSON (benchmarks, notebooks). Unknown names are ignored; a missing column is an error.</summary>
    public static ServedRow Of(IReadOnlyList<ModelColumn> schema, IReadOnlyDictionary<string, object?> values)
    {
        var numbers = new double[schema.Count];
        var labels = new string?[schema.Count];
        for (int i = 0; i < schema.Count; i++)
        {
            var c = schema[i];
            if (!values.TryGetValue(c.Name, out var v)) throw new ArgumentException($"missing column '{c.Name}'");
            if (c.Kind == ColumnKind.Numerical) numbers[i] = v is null ? double.NaN : Convert.ToDouble(v, CultureInfo.InvariantCulture);
            else labels[i] = v is null ? null : v is string s ? s : Convert.ToString(v, CultureInfo.InvariantCulture);
        }
        return new ServedRow(schema, numbers, labels);
    }

    /// <summary>The row as a JSON object (what the prediction log stores as features).</summary>
    public string ToJson()
    {
        var json = new JsonRow();
        for (int i = 0; i < Schema.Count; i++)
            if (Schema[i].Kind == ColumnKind.Numerical) json.Number(Schema[i].Name, Numbers[i]);
            else json.Label(Schema[i].Name, Labels[i]);
        return json.ToString();
    }

    public override string ToString() => ToJson();
}
