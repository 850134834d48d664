using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Reporting;

namespace Workbooks.ModelOps.Monitoring.Simulation;

/// <summary>
/// A table ready to be replayed as production traffic: which column is the label, when each row happened,
/// which columns are features. (The walkthroughs' <c>ReplayDataset.ForCatalog</c> knows the usual choices for the
/// catalog's datasets.)
/// </summary>
/// <example>
/// <code>
/// var table = new Table([TableColumn.Numerical("x", [1, 2, 3]), TableColumn.Categorical("y", ["a", "b", "a"])]);
/// var replay = ReplayDataset.Create(table, label: "y");
/// Console.WriteLine($"{replay.Task} {string.Join(",", replay.FeatureNames)} {replay.Times[1]:yyyy-MM-dd HH:mm}");
/// // prints: Binary x 2000-01-01 00:01
/// </code>
/// </example>
public sealed class ReplayDataset
{
    private ReplayDataset(Table table, string label, ModelTask task, IReadOnlyList<string> features, DateTime[] times, string? positive)
    {
        Table = table; Label = label; Task = task; FeatureNames = features; Times = times; PositiveClass = positive;
    }

    public Table Table { get; }
    public string Label { get; }
    public ModelTask Task { get; }
    public IReadOnlyList<string> FeatureNames { get; }
    /// <summary>When each row happened (UTC), non-decreasing.</summary>
    public DateTime[] Times { get; }
    /// <summary>For binary tasks, the class treated as positive.</summary>
    public string? PositiveClass { get; }
    public int RowCount => Table.RowCount;

    /// <summary>Prepares <paramref name="table"/> (the task inferred from the label unless <paramref name="task"/> is given): <paramref name="time"/> names an ISO date/time column (rows without
    /// one are spaced by <paramref name="step"/> from 2000-01-01); every other column but <paramref name="drop"/> is a feature.</summary>
    public static ReplayDataset Create(Table table, string label, string? time = null, string? hourColumn = null,
        IEnumerable<string>? drop = null, string? positiveClass = null, TimeSpan? step = null, ModelTask? task = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var labelColumn = table[label];
        var times = ReadTimes(table, time, hourColumn, step ?? TimeSpan.FromMinutes(1));
        var excluded = new HashSet<string>(drop ?? [], StringComparer.Ordinal) { label };
        if (time is not null) excluded.Add(time);
        foreach (var d in excluded)
            if (!table.HasColumn(d)) throw new ArgumentException($"{table.Source}: no column '{d}' to drop. Columns: {string.Join(", ", table.ColumnNames)}.");
        var features = table.ColumnNames.Where(c => !excluded.Contains(c)).ToList();
        if (features.Count == 0) throw new ArgumentException($"{table.Source}: no feature columns left besides the label '{label}'.");
        var classes = labelColumn.AsLabels().Where(v => v is not null).Distinct().ToList();
        task ??= ModelTasks.Infer(labelColumn);
        if (task == ModelTask.Binary)
        {
            positiveClass ??= classes.Order(StringComparer.Ordinal).Last();
            if (!classes.Contains(positiveClass))
                throw new ArgumentException($"{table.Source}: the positive class '{positiveClass}' does not occur in column '{label}' (classes: {string.Join(", ", classes)}).");
        }
        int missing = labelColumn.MissingCount;
        if (missing > 0) throw new ArgumentException($"{table.Source}: label column '{label}' has {missing} missing values; the replay needs every label.");
        return new ReplayDataset(table, label, task.Value, features, times, task == ModelTask.Binary ? positiveClass : null);
    }

    /// <summary>For binary tasks, the other class.</summary>
    public string? NegativeClass => Task == ModelTask.Binary ? Table[Label].AsLabels().First(l => l is not null && l != PositiveClass) : null;

    /// <summary>The trainer a replay uses unless told otherwise: small FastTree ensembles that train in about a second.</summary>
    public TrainerOptions DefaultTrainer => Task == ModelTask.Regression
        ? new FastTreeOptions { Trees = 100, Leaves = 32, MinimumRowsPerLeaf = 10, LearningRate = 0.2 }
        : new FastTreeOptions { Trees = 50, Leaves = 16, MinimumRowsPerLeaf = 10, LearningRate = 0.2 };

    /// <summary>Trains a model of <see cref="Label"/> from the <see cref="FeatureNames"/> on rows [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public TrainedModel Train(int from, int to, TrainerOptions? trainer = null)
    {
        if (from < 0 || to > RowCount || to - from < 20)
            throw new ArgumentException($"Training needs at least 20 rows within the {RowCount} rows of {Table.Source}; rows {from}..{to} hold {to - from}.");
        var rows = Table.Rows(Enumerable.Range(from, to - from).ToArray(), $"{Table.Source} rows {from}..{to}");
        return TrainedModel.Train(rows, Label, FeatureNames, trainer ?? DefaultTrainer, Task, PositiveClass);
    }

    /// <summary>Checks <paramref name="model"/> against this data: the same task, every column it reads present (errors name
    /// the column and the model's file). A plain binary ML.NET zip gets this data's class names.</summary>
    public TrainedModel Bind(TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Task != Task)
            throw new ArgumentException($"The model '{model.Source}' is a {model.Task.Name()} model; '{Label}' of {Table.Source} needs a {Task.Name()} model.");
        model.CheckColumns(Table);
        if (Task == ModelTask.Binary && model.Trainer is null && model.PositiveClass != PositiveClass) model = model.WithClasses(NegativeClass!, PositiveClass!);
        if (Task == ModelTask.Binary && model.PositiveClass != PositiveClass)
            throw new ArgumentException($"The model '{model.Source}' predicts classes {string.Join("/", model.Classes)}; '{Label}' of {Table.Source} has positive class '{PositiveClass}'.");
        return model;
    }

    /// <summary>The quality evaluator matching the task.</summary>
    public Func<IReadOnlyList<PredictionView>, IReadOnlyList<GroundTruth>, IReadOnlyDictionary<string, double>> Evaluator() => Task switch
    {
        ModelTask.Binary => QualityEvaluators.Binary(PositiveClass!),
        ModelTask.Regression => QualityEvaluators.Regression(),
        _ => QualityEvaluators.Multiclass(),
    };

    /// <summary>Quality of <paramref name="model"/> on rows [<paramref name="from"/>, <paramref name="to"/>), e.g. a holdout before the replay.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(TrainedModel model, int from, int to)
    {
        var predict = Bind(model).CreatePredictor(Table);
        var views = Enumerable.Range(from, to - from).Select(predict).ToList();
        return Evaluator()(views, Enumerable.Range(from, to - from).Select(TruthAt).ToList());
    }

    /// <summary>Row <paramref name="row"/>'s values of <paramref name="columns"/> as a JSON object (what the prediction log stores).</summary>
    public string FeaturesJson(IReadOnlyList<string> columns, int row)
    {
        var json = new JsonRow();
        foreach (var name in columns)
        {
            var col = Table[name];
            if (col.Kind == ColumnKind.Numerical) json.Number(name, col.Numbers![row]);
            else json.Label(name, col.Labels![row]);
        }
        return json.ToString();
    }

    /// <summary>The true outcome of row <paramref name="row"/>.</summary>
    public GroundTruth TruthAt(int row)
    {
        var c = Table[Label];
        return Task == ModelTask.Regression ? GroundTruth.OfValue(c.RequireNumbers()[row]) : GroundTruth.OfClass(c.AsLabels()[row]!);
    }

    private static DateTime[] ReadTimes(Table table, string? time, string? hourColumn, TimeSpan step)
    {
        int n = table.RowCount;
        var times = new DateTime[n];
        if (time is null)
        {
            var start = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            for (int i = 0; i < n; i++) times[i] = start + step * i;
            return times;
        }
        var dates = table.Dates(time);   // the Data area's ISO parser; errors name the row
        var hours = hourColumn is null ? null : table[hourColumn].RequireNumbers();
        for (int i = 0; i < n; i++)
        {
            times[i] = DateTime.SpecifyKind(hours is null ? dates[i] : dates[i].AddHours(hours[i]), DateTimeKind.Utc);
            if (i > 0 && times[i] < times[i - 1])
                throw new ArgumentException($"{table.Source}: rows must be in time order to replay: row {i + 1} ({times[i]:O}) comes before row {i} ({times[i - 1]:O}).");
        }
        return times;
    }
}
