using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Monitoring.Simulation;

/// <summary>What a model learns from the label column.</summary>
public enum ReplayTask { Binary, Multiclass, Regression }

/// <summary>
/// A table ready to be replayed as production traffic: which column is the label, when each row happened,
/// which columns are features. Known catalog datasets come with their usual choices
/// (<see cref="ForCatalog(string)"/>): Elec2 drops <c>date</c> and <c>nswprice</c>, Bike Sharing drops the
/// <c>casual</c>/<c>registered</c> parts of its target.
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
    private ReplayDataset(Table table, string label, ReplayTask task, IReadOnlyList<string> features, DateTime[] times, string? positive)
    {
        Table = table; Label = label; Task = task; FeatureNames = features; Times = times; PositiveClass = positive;
    }

    public Table Table { get; }
    public string Label { get; }
    public ReplayTask Task { get; }
    public IReadOnlyList<string> FeatureNames { get; }
    /// <summary>When each row happened (UTC), non-decreasing.</summary>
    public DateTime[] Times { get; }
    /// <summary>For binary tasks, the class treated as positive.</summary>
    public string? PositiveClass { get; }
    public int RowCount => Table.RowCount;

    /// <summary>A catalog dataset with its usual label, time and feature choices.</summary>
    public static ReplayDataset ForCatalog(string name) => name switch
    {
        "elec2" => Create(DatasetCatalog.LoadTable(name), "class", time: "timestamp", drop: ["date", "nswprice"], positiveClass: "UP"),
        "bike_sharing_hour" => Create(DatasetCatalog.LoadTable(name), "cnt", time: "dteday", hourColumn: "hr", drop: ["instant", "casual", "registered"]),
        "bike_sharing_day" => Create(DatasetCatalog.LoadTable(name), "cnt", time: "dteday", drop: ["instant", "casual", "registered"]),
        "adult" => Create(DatasetCatalog.LoadTable(name), "income", drop: ["split", "fnlwgt"], positiveClass: ">50K"),
        "weather_nebraska" => Create(DatasetCatalog.LoadTable(name), "rain", step: TimeSpan.FromDays(1)),
        "weather_seattle_newyork" => Create(DatasetCatalog.LoadTable(name), "weather", time: "date"),
        _ => Create(DatasetCatalog.LoadTable(name), "class"),
    };

    /// <summary>Prepares <paramref name="table"/>: <paramref name="time"/> names an ISO date/time column (rows without
    /// one are spaced by <paramref name="step"/> from 2000-01-01); every other column but <paramref name="drop"/> is a feature.</summary>
    public static ReplayDataset Create(Table table, string label, string? time = null, string? hourColumn = null,
        IEnumerable<string>? drop = null, string? positiveClass = null, TimeSpan? step = null)
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
        var task = labelColumn.Kind == ColumnKind.Numerical && classes.Count > 10 ? ReplayTask.Regression
            : classes.Count == 2 ? ReplayTask.Binary : ReplayTask.Multiclass;
        if (task == ReplayTask.Binary)
        {
            positiveClass ??= classes.Order(StringComparer.Ordinal).Last();
            if (!classes.Contains(positiveClass))
                throw new ArgumentException($"{table.Source}: the positive class '{positiveClass}' does not occur in column '{label}' (classes: {string.Join(", ", classes)}).");
        }
        int missing = labelColumn.MissingCount;
        if (missing > 0) throw new ArgumentException($"{table.Source}: label column '{label}' has {missing} missing values; the replay needs every label.");
        return new ReplayDataset(table, label, task, features, times, task == ReplayTask.Binary ? positiveClass : null);
    }

    /// <summary>The true outcome of row <paramref name="row"/>.</summary>
    public GroundTruth TruthAt(int row)
    {
        var c = Table[Label];
        return Task == ReplayTask.Regression ? GroundTruth.OfValue(c.RequireNumbers()[row]) : GroundTruth.OfClass(c.AsLabels()[row]!);
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
