using System.Text.Json;
using System.Text.Json.Serialization;
using Workbooks.ModelOps.Reporting;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Metrics;

/// <summary>The kind of model whose predictions are scored.</summary>
/// <example>
/// <code>
/// Console.WriteLine(Enum.Parse&lt;MetricTask&gt;("ranking", ignoreCase: true));
/// // prints: Ranking
/// </code>
/// </example>
public enum MetricTask { Binary, Multiclass, Regression, Ranking }

/// <summary>
/// Which columns of a table hold what. Defaults: <c>label</c>, <c>prediction</c>, <c>score</c>, <c>query</c>.
/// <list type="bullet">
/// <item>Binary: <see cref="Label"/> is 0/1 (or false/true), <see cref="Score"/> is P(label = 1),
/// <see cref="Prediction"/> the predicted 0/1; when the table has no prediction column it is score ≥ 0.5.</item>
/// <item>Multiclass: label and prediction hold class names; when the table has columns
/// <c>{Score}{class}</c> for every class (with <see cref="Score"/> as the prefix, such as <c>p_</c>), log loss is added.</item>
/// <item>Regression: label and prediction are numbers.</item>
/// <item>Ranking: one row per (query, document): <see cref="Query"/> the query id, <see cref="Label"/> the graded
/// relevance (≥ 0; above 0 means relevant), <see cref="Score"/> the model's score; metrics at cut-off <see cref="K"/>.</item>
/// </list>
/// A column named explicitly (<see cref="Explicit"/>) must exist; a default one may be absent where it is optional.
/// </summary>
/// <example>
/// <code>
/// var columns = new MetricColumns { Label = "relevance", K = 5 };
/// Console.WriteLine($"{columns.Label} {columns.Score} {columns.K}");
/// // prints: relevance score 5
/// </code>
/// </example>
public sealed record MetricColumns
{
    public string Label { get; init; } = "label";
    public string Prediction { get; init; } = "prediction";
    public string Score { get; init; } = "score";
    public string Query { get; init; } = "query";
    public int K { get; init; } = 10;
    /// <summary>Names of the properties the user set, so a missing named column is an error rather than skipped.</summary>
    public IReadOnlySet<string> Explicit { get; init; } = new HashSet<string>();
}

/// <summary>
/// Every metric of a task computed from the columns of a <see cref="Table"/>, keyed by snake_case name
/// (<c>accuracy</c>, <c>f1_macro</c>, <c>roc_auc</c>, <c>ndcg_at_k</c>, ...) in a stable order: what
/// <c>workbooks metrics</c> prints as JSON. Bad input throws <see cref="InvalidDataException"/> naming the
/// file, column and row (rows are numbered from 1, the header being line 1 of the file).
/// </summary>
/// <example>
/// <code>
/// var t = new Table(new[] { TableColumn.Numerical("label", new[] { 1.0, 2 }), TableColumn.Numerical("prediction", new[] { 1.5, 2 }) });
/// Console.WriteLine(TableMetrics.Evaluate(t, MetricTask.Regression).ToJson(indented: false));
/// // prints: {"task":"regression","rows":2,"mae":0.25,"rmse":0.3535533905932738,"mape":0.25,"r2":0.5}
/// </code>
/// </example>
public sealed class TableMetrics
{
    private readonly List<KeyValuePair<string, object>> _values = new();

    private TableMetrics() { }

    /// <summary>Metric name → value: a double, a long (counts), a string, or a long[][] (confusion matrix).</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Values => _values;

    public object this[string name] => _values.First(v => v.Key == name).Value;

    public static TableMetrics Evaluate(Table table, MetricTask task, MetricColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        columns ??= new MetricColumns();
        if (table.RowCount == 0) throw new InvalidDataException($"{table.Source}: the table has no rows.");
        var m = new TableMetrics();
        m.Add("task", task.ToString().ToLowerInvariant());
        m.Add("rows", (long)table.RowCount);
        var reader = new TableColumnReader(table, columns);
        try
        {
            switch (task)
            {
                case MetricTask.Binary: TableMetricsTasks.Binary(m, reader); break;
                case MetricTask.Multiclass: TableMetricsTasks.Multiclass(m, reader); break;
                case MetricTask.Regression: TableMetricsTasks.Regression(m, reader); break;
                case MetricTask.Ranking: TableMetricsTasks.Ranking(m, reader); break;
                default: throw new ArgumentOutOfRangeException(nameof(task), task, null);
            }
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            // A metric rejected a value; its message names the 0-based row, which we restate for the file.
            throw new InvalidDataException($"{table.Source}: {e.Message}", e);
        }
        return m;
    }

    internal void Add(string name, object value) => _values.Add(new(name, value));

    private readonly Dictionary<string, string> _undefined = new(StringComparer.Ordinal);

    /// <summary>Metrics the data leave undefined (a single class, for example), with the reason; the JSON lists
    /// them under <c>undefined</c> rather than printing NaN or failing the whole run.</summary>
    public IReadOnlyDictionary<string, string> UndefinedMetrics => _undefined;

    internal void Undefined(string name, string reason) => _undefined[name] = reason;

    /// <summary>The metrics in the order they were computed, then <c>undefined</c> (name → reason) when any are.</summary>
    public string ToJson(bool indented = true)
    {
        // The names depend on the task, so the document is an ordered dictionary rather than one record per task.
        var document = new OrderedDictionary<string, object>(_values.Count + 1, StringComparer.Ordinal);
        foreach (var (name, value) in _values)
            document.Add(name, value switch
            {
                double or long or string or string[] => value,
                long[][] matrix => new OneLineMatrix(matrix),
                _ => throw new InvalidOperationException($"Metric '{name}' has an unexpected type {value.GetType()}."),
            });
        if (_undefined.Count > 0) document.Add("undefined", _undefined);
        return JsonText.Serialize(document, indented);
    }

    /// <summary>A confusion matrix stays on one line even in indented output: [[tn,fp],[fn,tp]].</summary>
    [JsonConverter(typeof(OneLineMatrixConverter))]
    private sealed record OneLineMatrix(long[][] Rows);

    private sealed class OneLineMatrixConverter : JsonConverter<OneLineMatrix>
    {
        public override OneLineMatrix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, OneLineMatrix value, JsonSerializerOptions options) =>
            writer.WriteRawValue(JsonText.Serialize(value.Rows, indented: false));
    }

    public override string ToString() => ToJson();
}
