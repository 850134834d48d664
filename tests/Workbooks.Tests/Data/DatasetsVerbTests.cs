using Workbooks.Cli;
using Xunit;

namespace Workbooks.Tests.Data;

public class DatasetsVerbTests
{
    [Fact]
    public void Lists_describes_and_fetches()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, CliApp.Run(["datasets"], output, error));
        Assert.Contains("elec2", output.ToString());
        Assert.Contains("45,312", output.ToString());

        output = new StringWriter();
        Assert.Equal(0, CliApp.Run(["datasets", "--info", "sea_abrupt"], output, error));
        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Equal("sea_abrupt: 40,000 rows x 4 columns", lines[0]);   // the <example> on DatasetsVerb
        Assert.Contains("https://raw.githubusercontent.com/songqiaohu/THU-Concept-Drift-Datasets-v1.0/", output.ToString());
        Assert.Contains("CC0", output.ToString());

        output = new StringWriter();
        Assert.Equal(0, CliApp.Run(["datasets", "--fetch", "bike_sharing_day"], output, error));
        Assert.EndsWith("bike_sharing_day.csv", output.ToString().Trim());

        Assert.Equal(2, CliApp.Run(["datasets", "--info", "nope"], output, error));
        Assert.Contains("No dataset 'nope'", error.ToString());
    }
}
