using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Models.BikeSharing;

namespace Workbooks.Tests.Compression;

/// <summary>The three models compression is checked on, trained small (20 trees on 3000 rows) so tests stay fast,
/// each with held-out rows it never saw. Trained once per test run.</summary>
public static class CompressionModels
{
    public sealed record Case(string Name, TrainedModel Model, Table Train, Table HeldOut);

    private static readonly Lazy<Case> AdultCase = new(() =>
    {
        var adult = DatasetCatalog.LoadTable("adult");
        var train = adult.Where("split", "train").Slice(0, 3000);
        var heldOut = adult.Where("split", "test").Slice(0, 1000);
        string[] features = ["age", "workclass", "education-num", "marital-status", "occupation", "sex", "capital-gain", "capital-loss", "hours-per-week"];
        return new("adult", TrainedModel.Train(train, "income", features, new FastTreeOptions { Trees = 20 }), train, heldOut);
    });

    private static readonly Lazy<Case> InsectsCase = new(() =>
    {
        var insects = DatasetCatalog.LoadTable("insects_gradual_balanced");
        var train = insects.Slice(0, 3000);
        var heldOut = insects.Slice(3000, 4000);
        var features = Enumerable.Range(1, 33).Select(i => $"Att{i}").ToArray();
        return new("insects", TrainedModel.Train(train, "class", features, new LightGbmOptions { Trees = 20 }, ModelTask.Multiclass), train, heldOut);
    });

    private static readonly Lazy<Case> BikeCase = new(() =>
    {
        var hours = DatasetCatalog.LoadTable("bike_sharing_hour");
        var train = hours.Slice(0, 3000);
        var heldOut = hours.Slice(10_000, 11_000);
        return new("bike", TrainedModel.Train(train, BikeDemand.Label, BikeDemand.Features, new FastTreeOptions { Trees = 20 }, ModelTask.Regression), train, heldOut);
    });

    public static Case Adult => AdultCase.Value;
    public static Case Insects => InsectsCase.Value;
    public static Case Bike => BikeCase.Value;
    public static Case ByName(string name) => name switch { "adult" => Adult, "insects" => Insects, _ => Bike };
}
