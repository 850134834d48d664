namespace Workbooks.Walkthroughs;

/// <summary>
/// The walkthroughs' knowledge of the catalog's datasets, as static members on the library's own types (C# 14
/// extension members), so a notebook cell reads <c>ReplayDataset.ForCatalog("elec2")</c>: which column is each
/// dataset's label, which column holds time, which columns to leave out (Elec2 drops <c>date</c> and <c>nswprice</c>,
/// Bike Sharing drops the <c>casual</c>/<c>registered</c> parts of its target), and the standard detection-quality run.
/// </summary>
/// <example>
/// <code>
/// var elec = ReplayDataset.ForCatalog("elec2");
/// Console.WriteLine($"{elec.Label} {elec.Task} {elec.PositiveClass} {elec.FeatureNames.Contains("nswprice")}");
/// // prints: class Binary UP False
/// </code>
/// </example>
public static class CatalogShortcuts
{
    extension(ReplayDataset)
    {
        /// <summary>A catalog dataset with its usual label, time and feature choices.</summary>
        public static ReplayDataset ForCatalog(string name) => name switch
        {
            "elec2" => ReplayDataset.Create(DatasetCatalog.LoadTable(name), "class", time: "timestamp", drop: ["date", "nswprice"], positiveClass: "UP"),
            "bike_sharing_hour" => ReplayDataset.Create(DatasetCatalog.LoadTable(name), "cnt", time: "dteday", hourColumn: "hr", drop: ["instant", "casual", "registered"]),
            "bike_sharing_day" => ReplayDataset.Create(DatasetCatalog.LoadTable(name), "cnt", time: "dteday", drop: ["instant", "casual", "registered"]),
            "adult" => ReplayDataset.Create(DatasetCatalog.LoadTable(name), "income", drop: ["split", "fnlwgt"], positiveClass: ">50K"),
            "weather_nebraska" => ReplayDataset.Create(DatasetCatalog.LoadTable(name), "rain", step: TimeSpan.FromDays(1)),
            "weather_seattle_newyork" => ReplayDataset.Create(DatasetCatalog.LoadTable(name), "weather", time: "date"),
            _ => ReplayDataset.Create(DatasetCatalog.LoadTable(name), "class"),
        };
    }

    extension(TuningData)
    {
        /// <summary>A catalog dataset with its usual label and features; every one but Adult is a time-ordered stream.</summary>
        public static TuningData ForCatalog(string name, int? maxRows = null, int seed = 1) =>
            TuningData.Create(ReplayDataset.ForCatalog(name), timeOrdered: name != "adult", maxRows, seed);
    }

    extension(PrequentialBacktest)
    {
        /// <summary>Backtests <paramref name="strategy"/> on the catalog dataset <paramref name="dataset"/> (its usual label and features).</summary>
        public static BacktestResult Run(string dataset, RetrainStrategy strategy, BacktestOptions? options = null) =>
            PrequentialBacktest.Run(ReplayDataset.ForCatalog(dataset), strategy, options, dataset);

        /// <summary>Every strategy on the catalog dataset <paramref name="dataset"/>, with the baselines computed once.</summary>
        public static BacktestComparison Compare(string dataset, IEnumerable<RetrainStrategy> strategies, BacktestOptions? options = null) =>
            PrequentialBacktest.Compare(ReplayDataset.ForCatalog(dataset), strategies, options, dataset);
    }

    extension(DetectionQualityHarness)
    {
        /// <summary>The standard evaluation: synthetic Bernoulli streams (<paramref name="repetitions"/> seeds each)
        /// and the model error streams of SEA abrupt, SEA gradual and STAGGER (<see cref="ModelErrorStreams"/>).</summary>
        public static DetectionQualityReport RunStandard(IReadOnlyList<DetectorSpec>? detectors = null, int repetitions = 5)
        {
            var streams = new List<ChangeStream>();
            for (int seed = 1; seed <= repetitions; seed++) streams.Add(SyntheticStreams.Abrupt(seed));
            for (int seed = 1; seed <= repetitions; seed++) streams.Add(SyntheticStreams.Gradual(seed));
            for (int seed = 1; seed <= repetitions; seed++) streams.Add(SyntheticStreams.NoChange(seed));
            streams.Add(ModelErrorStreams.SeaAbrupt());
            streams.Add(ModelErrorStreams.SeaGradual());
            streams.Add(ModelErrorStreams.StaggerAbrupt());
            return DetectionQualityHarness.Run(streams, detectors ?? DetectorSpec.RiverDefaults);
        }
    }
}
