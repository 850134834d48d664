using Workbooks.ModelOps.Data.Generators;
namespace Workbooks.Walkthroughs;

/// <summary>
/// Real-data checks of the estimators, each with labels so estimates can be compared with what happened.
/// Each scenario trains the monitored model (ML.NET FastTree) on its own training rows, scores a reference
/// period and an analysis period, and chunks the analysis period. Splits are seeded: the same data gives
/// the same scenario.
/// </summary>
/// <example>
/// <code>
/// var scenario = EstimationScenarios.AdultByAge(DatasetCatalog.LoadTable("adult"));
/// var estimate = scenario.Run();
/// Console.WriteLine(estimate.Coverage(PerformanceMetric.Accuracy) >= 0.5);
/// // prints: True
/// </code>
/// </example>
public static class EstimationScenarios
{
    /// <summary>The Adult features used (fnlwgt is a sampling weight, education duplicates education-num).</summary>
    public static IReadOnlyList<string> AdultFeatures { get; } =
        ["age", "workclass", "education-num", "marital-status", "occupation", "relationship", "race", "sex",
         "capital-gain", "capital-loss", "hours-per-week", "native-country"];

    /// <summary>
    /// Adult split by age: the model trains on 40% of all rows; the reference is people under
    /// <paramref name="referenceMaxAge"/> from another 20%; the analysis is the remaining 40%, ordered by
    /// age, so chunks move from young to old (covariate shift: who is asked changes, not how income depends on them).
    /// </summary>
    public static ClassificationScenario AdultByAge(Table adult, int chunkSize = 1000, int referenceMaxAge = 40, int seed = 7)
    {
        var rows = Shuffled(adult.RowCount, seed);
        int trainEnd = rows.Length * 2 / 5, referenceEnd = rows.Length * 3 / 5;
        var age = adult["age"].RequireNumbers();
        var train = rows[..trainEnd];
        var reference = rows[trainEnd..referenceEnd].Where(r => age[r] < referenceMaxAge).ToArray();
        var analysis = rows[referenceEnd..].OrderBy(r => age[r]).ThenBy(r => r).ToArray();
        var income = adult["income"].Labels ?? throw new ArgumentException($"{adult.Source}: column 'income' should be categorical.");
        bool[] Rich(IEnumerable<int> r) => r.Select(i => income[i] == ">50K").ToArray();
        var model = TrainedModel.TrainBinary(adult.Rows(train, "training rows"), AdultFeatures, Rich(train));
        return new ClassificationScenario("adult-by-age",
            $"Adult: FastTree trained on {train.Length} random rows; reference = {reference.Length} held-out people under {referenceMaxAge}; analysis = {analysis.Length} other people ordered by age, chunks of {chunkSize}.",
            Scored(adult, reference, "adult reference", model, Rich(reference)), Scored(adult, analysis, "adult analysis", model, Rich(analysis)),
            AdultFeatures, Chunker.BySize(analysis.Length, chunkSize));
    }

    /// <summary>The Elec2 features, without date and nswprice (common practice: they leak the label's definition).</summary>
    public static IReadOnlyList<string> Elec2Features { get; } = ["day", "period", "nswdemand", "vicprice", "vicdemand", "transfer"];

    /// <summary>
    /// Elec2 over time: the model trains on the first <paramref name="trainRows"/> half-hours, the next
    /// <paramref name="referenceRows"/> are the reference, the rest the analysis, chunked by calendar month.
    /// Elec2 is a concept-drift benchmark, so this is where CBPE's assumption is tested, not granted.
    /// </summary>
    public static ClassificationScenario Elec2OverTime(Table elec2, int trainRows = 10_000, int referenceRows = 10_000, ChunkPeriod period = ChunkPeriod.Month)
    {
        if (elec2.RowCount <= trainRows + referenceRows) throw new ArgumentException($"{elec2.Source}: {elec2.RowCount} rows leave no analysis period after {trainRows} + {referenceRows}.");
        var cls = elec2["class"].Labels ?? throw new ArgumentException($"{elec2.Source}: column 'class' should be categorical.");
        bool[] Up(IEnumerable<int> r) => r.Select(i => cls[i] == "UP").ToArray();
        var train = Enumerable.Range(0, trainRows).ToArray();
        var reference = Enumerable.Range(trainRows, referenceRows).ToArray();
        var analysis = Enumerable.Range(trainRows + referenceRows, elec2.RowCount - trainRows - referenceRows).ToArray();
        var model = TrainedModel.TrainBinary(elec2.Rows(train, "training rows"), Elec2Features, Up(train));
        var stamps = Timestamps(elec2, "timestamp", analysis);
        return new ClassificationScenario("elec2-over-time",
            $"Elec2: FastTree trained on the first {trainRows} half-hours; reference = the next {referenceRows}; analysis = the last {analysis.Length}, chunked by {period.ToString().ToLowerInvariant()}.",
            Scored(elec2, reference, "elec2 reference", model, Up(reference)), Scored(elec2, analysis, "elec2 analysis", model, Up(analysis)),
            Elec2Features, Chunker.ByPeriod(stamps, period));
    }

    /// <summary>Bike Sharing features (casual and registered are parts of the target and left out).</summary>
    public static IReadOnlyList<string> BikeFeatures => BikeDemand.Features;

    /// <summary>
    /// Bike Sharing (hourly), regression with DLE: the model trains on a random half of 2011, the other half
    /// of 2011 is the reference, and the analysis is <paramref name="analysisYear"/>'s rows chunked by
    /// month. With <c>analysisYear: 2011</c> the analysis is the held-out 2011 half itself (no shift); with
    /// 2012 it includes the ridership growth, a change of P(count | weather, hour) that DLE cannot see.
    /// </summary>
    public static RegressionScenario BikeSharing(Table bikeHour, int analysisYear = 2012, int seed = 11)
    {
        var yr = bikeHour["yr"].RequireNumbers();
        var y2011 = Enumerable.Range(0, bikeHour.RowCount).Where(r => yr[r] == 0).ToArray();
        new SeededRandom(seed).Shuffle(y2011);
        var train = y2011[..(y2011.Length / 2)];
        var heldOut = y2011[(y2011.Length / 2)..].Order().ToArray();
        var reference = analysisYear == 2011 ? heldOut.Where((_, i) => i % 2 == 0).ToArray() : heldOut;
        var analysis = analysisYear == 2011 ? heldOut.Where((_, i) => i % 2 == 1).ToArray()
            : Enumerable.Range(0, bikeHour.RowCount).Where(r => yr[r] == analysisYear - 2011).ToArray();
        if (analysis.Length == 0) throw new ArgumentException($"{bikeHour.Source}: no rows for year {analysisYear}; the data covers 2011 and 2012.");
        var cnt = bikeHour["cnt"].RequireNumbers();
        var model = TrainedModel.TrainRegression(bikeHour.Rows(train, "training rows"), BikeFeatures, train.Select(r => cnt[r]).ToArray());
        Table Part(int[] rows, string name)
        {
            var part = With(bikeHour.Rows(rows, name), TableColumn.Numerical(RegressionScenario.Target, rows.Select(r => cnt[r]).ToArray()));
            return With(part, TableColumn.Numerical(RegressionScenario.Prediction, model.PredictScores(part)));
        }
        return new RegressionScenario(analysisYear == 2011 ? "bike-2011-holdout" : $"bike-{analysisYear}",
            $"Bike Sharing (hourly): FastTree trained on {train.Length} random 2011 hours; reference = {reference.Length} other 2011 hours; analysis = {analysis.Length} hours of {analysisYear}, chunked by month.",
            Part(reference, "bike reference"), Part(analysis, "bike analysis"), BikeFeatures, Chunker.ByPeriod(Timestamps(bikeHour, "dteday", analysis), ChunkPeriod.Month));
    }

    private static Table Scored(Table source, int[] rows, string name, TrainedModel model, bool[] truth)
    {
        var part = source.Rows(rows, name);
        var score = model.PredictScores(part);
        return With(part,
            TableColumn.Numerical(ClassificationScenario.Score, score),
            TableColumn.Numerical(ClassificationScenario.Prediction, score.Select(s => s >= 0.5 ? 1.0 : 0.0).ToArray()),
            TableColumn.Numerical(ClassificationScenario.Label, truth.Select(t => t ? 1.0 : 0.0).ToArray()));
    }

    private static DateTime[] Timestamps(Table table, string column, int[] rows)
    {
        var all = table.Dates(column);
        return rows.Select(r => all[r]).ToArray();
    }

    /// <summary>The table with the monitored model's columns appended.</summary>
    private static Table With(Table table, params TableColumn[] extra) => new(table.Columns.Concat(extra), table.Source);

    private static int[] Shuffled(int count, int seed)
    {
        var rows = Enumerable.Range(0, count).ToArray();
        new SeededRandom(seed).Shuffle(rows);
        return rows;
    }
}
