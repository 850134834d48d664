using System.Text;
using Workbooks.ModelOps.Data;

namespace Workbooks.Tests.Data;

/// <summary>
/// Rebuilds each dataset's public source form (ARFF in a zip, Adult's two UCI files, a headerless CSV in a zip,
/// an npm tarball) from the mirror's table, undoing the documented preparation. Serving these to the store shows
/// that the download path's preparation gives byte-identical tables, without any network.
/// </summary>
internal static class ReconstructedSources
{
    public static Dictionary<string, byte[]> For(DatasetInfo info)
    {
        var csv = SourceFixtures.MirrorCsv(info.MirrorFile);
        var text = Encoding.UTF8.GetString(csv);
        var url = info.Sources[0].Url;
        return info.Name switch
        {
            "elec2" => new() { [url] = SourceFixtures.Zip("Electricity.arff", Arff(text, dropFirstColumn: true, nominal: new() { ["day"] = "{1,2,3,4,5,6,7}", ["class"] = "{UP,DOWN}" })) },
            "weather_nebraska" => new() { [url] = Encoding.UTF8.GetBytes(Arff(text, dropFirstColumn: false, nominal: new() { ["rain"] = "{TRUE,FALSE}" })) },
            "insects_gradual_balanced" => new() { [url] = SourceFixtures.Zip("gradual_balanced_24150.csv", csv.AsSpan(csv.AsSpan().IndexOf((byte)'\n') + 1).ToArray()) },
            "adult" => Adult(text, info),
            "weather_seattle_newyork" => new() { [url] = SourceFixtures.TarGz("package/data/weather.csv", csv) },
            _ => new() { [url] = csv },
        };
    }

    /// <summary>An ARFF file with CRLF line ends and comments, whose data rows are the CSV rows.</summary>
    private static string Arff(string csv, bool dropFirstColumn, Dictionary<string, string> nominal)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',').Skip(dropFirstColumn ? 1 : 0);
        var arff = new StringBuilder("% rebuilt for a test\r\n@relation test\r\n\r\n");
        foreach (var name in header)
            arff.Append($"@attribute {name} {nominal.GetValueOrDefault(name, "numeric")}\r\n");
        arff.Append("\r\n@data\r\n");
        foreach (var line in lines.Skip(1))
            arff.Append(dropFirstColumn ? line[(line.IndexOf(',') + 1)..] : line).Append("\r\n");
        return arff.ToString();
    }

    /// <summary>adult.data and adult.test as UCI ships them: ", " separators, a header line and '.'-ended labels in the test file.</summary>
    private static Dictionary<string, byte[]> Adult(string csv, DatasetInfo info)
    {
        var train = new StringBuilder();
        var test = new StringBuilder("|1x3 Cross validator\n");
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var fields = line.Split(',');
            var row = string.Join(", ", fields[..^1]);
            if (fields[^1] == "train") train.Append(row).Append('\n');
            else test.Append(row).Append(".\n");
        }
        train.Append('\n');
        test.Append('\n');
        return new()
        {
            [info.Sources[0].Url] = SourceFixtures.Gzip(train.ToString()),
            [info.Sources[1].Url] = SourceFixtures.Gzip(test.ToString()),
        };
    }
}
