namespace Workbooks.Walkthroughs;

/// <summary>
/// Error streams of a model on the drift benchmarks of the dataset catalog: an
/// <see cref="OnlineLogisticRegression"/> run prequentially (each row is predicted, scored, then learned),
/// so the stream is 1 where the model was wrong. SEA features are scaled to [−0.5, 0.5]; STAGGER's
/// categorical codes are one-hot encoded. Change points are the datasets' documented ones.
/// </summary>
/// <example>
/// <code>
/// var sea = ModelErrorStreams.SeaAbrupt();
/// Console.WriteLine($"{sea.Values.Length} [{string.Join(", ", sea.ChangePoints)}]");
/// // prints: 40000 [10000, 20000, 30000]
/// </code>
/// </example>
public static class ModelErrorStreams
{
    /// <summary>SGD learning rate of the online model.</summary>
    public const double LearningRate = 0.01;
    /// <summary>Detection window after each change.</summary>
    public const int Window = 2_000;

    /// <summary>SEA with abrupt changes at rows 10,000 / 20,000 / 30,000 (20% label noise).</summary>
    public static ChangeStream SeaAbrupt(DatasetStore? store = null) =>
        FromTable("sea_abrupt", DatasetCatalog.LoadTable("sea_abrupt", store), SeaFeatures, [10_000, 20_000, 30_000], Window,
            "Prequential online logistic regression errors on SEA, abrupt changes at 10k/20k/30k");

    /// <summary>SEA with 1,000-row gradual changes centred at 9,500 / 20,000 / 30,500: change points are the starts.</summary>
    public static ChangeStream SeaGradual(DatasetStore? store = null) =>
        FromTable("sea_gradual", DatasetCatalog.LoadTable("sea_gradual", store), SeaFeatures, [9_000, 19_500, 30_000], 1_000 + Window,
            "Prequential online logistic regression errors on SEA, 1,000-row gradual changes from 9k/19.5k/30k");

    /// <summary>STAGGER with abrupt changes at rows 10,000 / 20,000 / 30,000.</summary>
    public static ChangeStream StaggerAbrupt(DatasetStore? store = null) =>
        FromTable("stagger_abrupt", DatasetCatalog.LoadTable("stagger_abrupt", store), StaggerFeatures, [10_000, 20_000, 30_000], Window,
            "Prequential online logistic regression errors on STAGGER (one-hot), abrupt changes at 10k/20k/30k");

    /// <summary>
    /// Elec2 (NSW electricity, 1996-1998, half-hourly) in time order: the model predicts whether the price goes
    /// UP from day, period, NSW/VIC price and demand and transfer (already scaled to [0, 1]). Real data: its
    /// changes are not known, so the stream has no change points and every detection is a finding, not a score.
    /// </summary>
    public static ChangeStream Elec2(DatasetStore? store = null)
    {
        var table = DatasetCatalog.LoadTable("elec2", store);
        string[] names = ["day", "period", "nswprice", "nswdemand", "vicprice", "vicdemand", "transfer"];
        var columns = names.Select(c => Numbers(table, c)).ToArray();
        columns[0] = columns[0].Select(d => d / 7.0).ToArray(); // day of week 1..7 -> (0, 1]
        var labels = table["class"].AsLabels().Select((l, row) => l switch
        {
            "UP" => 1.0,
            "DOWN" => 0.0,
            _ => throw new InvalidDataException($"{table.Source}, row {row + 1}, column class: '{l}', expected UP or DOWN."),
        }).ToArray();
        var errors = Prequential(columns, labels, (cols, row, x) => { for (int j = 0; j < x.Length; j++) x[j] = cols[j][row]; });
        return new ChangeStream("elec2", errors, [], 0, "Prequential online logistic regression errors on Elec2 (UP/DOWN), no known change points");
    }

    private static readonly (int Count, Action<double[][], int, double[]> Fill) SeaFeatures =
        (3, (columns, row, x) => { for (int j = 0; j < 3; j++) x[j] = columns[j][row] / 10.0 - 0.5; });

    private static readonly (int Count, Action<double[][], int, double[]> Fill) StaggerFeatures =
        (9, (columns, row, x) =>
        {
            Array.Clear(x);
            for (int j = 0; j < 3; j++)
            {
                int code = (int)columns[j][row];
                if (code is < 0 or > 2) throw new InvalidDataException($"STAGGER row {row}: X{j + 1} = {columns[j][row]}, expected 0, 1 or 2.");
                x[j * 3 + code] = 1.0;
            }
        });

    private static ChangeStream FromTable(string name, Table table, (int Count, Action<double[][], int, double[]> Fill) features,
        int[] changePoints, int window, string description)
    {
        var columns = new[] { "X1", "X2", "X3" }.Select(c => Numbers(table, c)).ToArray();
        var errors = Prequential(columns, Numbers(table, "class"), features.Fill, features.Count);
        return new ChangeStream(name, errors, changePoints, window, description);
    }

    // Test-then-train: predict each row, record 1 if wrong, then learn it.
    private static double[] Prequential(double[][] columns, double[] labels, Action<double[][], int, double[]> fill, int? featureCount = null)
    {
        var model = new OnlineLogisticRegression(featureCount ?? columns.Length, LearningRate);
        var x = new double[featureCount ?? columns.Length];
        var errors = new double[labels.Length];
        for (int row = 0; row < labels.Length; row++)
        {
            fill(columns, row, x);
            errors[row] = model.Predict(x) == (int)labels[row] ? 0 : 1;
            model.Learn(x, labels[row]);
        }
        return errors;
    }

    // The catalog may type coded columns (STAGGER's 0.0/1.0/2.0) as categorical: read their codes back as numbers.
    private static double[] Numbers(Table table, string column)
    {
        var data = table[column];
        if (data.Numbers is { } numbers) return numbers;
        return data.Labels!.Select((label, row) =>
            double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
                ? v : throw new InvalidDataException($"{table.Source}, row {row + 1}, column {column}: '{label}' is not a numeric code.")).ToArray();
    }
}
