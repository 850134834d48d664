namespace Workbooks.Walkthroughs;

/// <summary>A model to compress with the rows it was trained on and held-out rows it never saw.</summary>
public sealed record CompressionExample(string Name, TrainedModel Model, Table Train, Table HeldOut);

/// <summary>
/// Walkthrough material, not library: the three models compression is shown and measured on (the tests, the
/// benchmarks and notebook 10 use the same ones). A FastTree binary classifier of Adult income, a LightGBM
/// multiclass classifier of the INSECTS species and a FastTree regression of hourly bike rentals, each trained on
/// 3,000 rows with <c>trees</c> trees and held out on 1,000 later rows.
/// </summary>
public static class CompressionExamples
{
    public static IReadOnlyList<string> Names { get; } = ["adult", "insects", "bike"];

    /// <summary>The example called <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    public static CompressionExample Load(string name, int trees = 100) => name switch
    {
        "adult" => Adult(trees),
        "insects" => Insects(trees),
        "bike" => Bike(trees),
        _ => throw new ArgumentException($"No compression example '{name}'; the examples are {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>FastTree binary: income above 50K from age, work, education, family and capital (Adult's own train/test split).</summary>
    public static CompressionExample Adult(int trees = 100)
    {
        var adult = DatasetCatalog.LoadTable("adult");
        var train = adult.Where("split", "train").Slice(0, 3000);
        var heldOut = adult.Where("split", "test").Slice(0, 1000);
        string[] features = ["age", "workclass", "education-num", "marital-status", "occupation", "sex", "capital-gain", "capital-loss", "hours-per-week"];
        return new("adult", TrainedModel.Train(train, "income", features, new FastTreeOptions { Trees = trees }), train, heldOut);
    }

    /// <summary>LightGBM multiclass: the insect species from 33 wing-beat features (rows 0-2999 train, 3000-3999 held out).</summary>
    public static CompressionExample Insects(int trees = 100)
    {
        var insects = DatasetCatalog.LoadTable("insects_gradual_balanced");
        var train = insects.Slice(0, 3000);
        var heldOut = insects.Slice(3000, 4000);
        var features = Enumerable.Range(1, 33).Select(i => $"Att{i}").ToArray();
        return new("insects", TrainedModel.Train(train, "class", features, new LightGbmOptions { Trees = trees }, ModelTask.Multiclass), train, heldOut);
    }

    /// <summary>FastTree regression: hourly rentals from calendar and weather (<see cref="BikeDemand.Features"/>; rows 0-2999 train, 10000-10999 held out).</summary>
    public static CompressionExample Bike(int trees = 100)
    {
        var hours = DatasetCatalog.LoadTable("bike_sharing_hour");
        var train = hours.Slice(0, 3000);
        var heldOut = hours.Slice(10_000, 11_000);
        return new("bike", TrainedModel.Train(train, BikeDemand.Label, BikeDemand.Features, new FastTreeOptions { Trees = trees }, ModelTask.Regression), train, heldOut);
    }
}
