using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift;
using Workbooks.ModelOps.Drift.Multivariate;
using Xunit;

namespace Workbooks.Tests.Drift.Multivariate;

/// <summary>The printed output of the XML doc examples of the multivariate types, on the real Bike Sharing data.</summary>
public class MultivariateDocExampleTests
{
    private static readonly Lazy<Table> Bike = new(() => DatasetCatalog.LoadTable("bike_sharing_hour"));

    [Fact]
    public void Mmd_example()
    {
        var bike = Bike.Value;
        var r = MaximumMeanDiscrepancy.Test(bike.Where("yr", 0).Where("mnth", 7), bike.Where("yr", 1).Where("mnth", 7), ["temp", "hum", "windspeed"]);
        Assert.Equal("MMD² = 0.0065, p = 0.005, drift: True", $"MMD² = {r.Mmd2:F4}, p = {r.PValue:F3}, drift: {r.DriftDetected}");
    }

    [Fact]
    public void Domain_classifier_example()
    {
        var bike = Bike.Value;
        var r = DomainClassifier.Test(bike.Where("yr", 0).Where("mnth", 3), bike.Where("yr", 1).Where("mnth", 3),
            ["hr", "weekday", "weathersit", "temp", "hum", "windspeed"], new DomainClassifierOptions { GroupColumn = "dteday" });
        Assert.Equal("AUC 0.68, drift: True, top: temp", $"AUC {r.RocAuc:F2}, drift: {r.DriftDetected}, top: {r.TopFeatures[0].Column}");
    }

    [Fact]
    public void Sample_size_example()
    {
        var bike = Bike.Value;
        var r = SampleSizeSensitivity.Run(bike.Where("yr", 0)["temp"], bike.Where("yr", 1)["temp"], [100, 1000, 10000], ["ks", "wasserstein"]);
        Assert.Equal(10000, r.SmallestDriftingSize("ks"));
    }
}
