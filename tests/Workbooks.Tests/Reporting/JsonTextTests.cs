using System.Text.Json;
using Workbooks.ModelOps.Monitoring.Reports;
using Workbooks.ModelOps.Registry;
using Workbooks.ModelOps.Reporting;
using Xunit;

namespace Workbooks.Tests.Reporting;

/// <summary>The one JSON style (issue 15): the project's options and its one converter for non-finite numbers, and
/// the documented field names of the writers that serialize records through them.</summary>
public sealed class JsonTextTests
{
    private sealed record Numbers(double Value, double? Optional, IReadOnlyDictionary<string, double> Map);

    [Fact]
    public void Non_finite_numbers_are_written_as_null_and_null_reads_back_as_NaN()
    {
        var json = JsonText.Serialize(new Numbers(double.NaN, double.PositiveInfinity,
            new Dictionary<string, double> { ["neg"] = double.NegativeInfinity, ["third"] = 1.0 / 3, ["big"] = 1e300 }), indented: false);
        Assert.Equal("""{"value":null,"optional":null,"map":{"neg":null,"third":0.3333333333333333,"big":1E+300}}""", json);

        var back = JsonText.Deserialize<Numbers>("""{"value":null,"optional":null,"map":{"a":null,"b":2.5}}""", "test.json");
        Assert.True(double.IsNaN(back.Value));
        Assert.Null(back.Optional);                       // an optional number stays missing, not NaN
        Assert.True(double.IsNaN(back.Map["a"]));
        Assert.Equal(2.5, back.Map["b"]);
        Assert.Equal(0.1 + 0.2, JsonText.Deserialize<Numbers>(JsonText.Serialize(new Numbers(0.1 + 0.2, 7, new Dictionary<string, double>()), true), "x").Value);
    }

    [Fact]
    public void Saturate_keeps_infinite_scores_above_any_threshold_and_NaN_undefined()
    {
        Assert.Equal((double.MaxValue, double.MinValue, 0.5), (JsonText.Saturate(double.PositiveInfinity), JsonText.Saturate(double.NegativeInfinity), JsonText.Saturate(0.5)));
        Assert.True(double.IsNaN(JsonText.Saturate(double.NaN)));
        Assert.Null(JsonText.Saturate((double?)null));
        Assert.Equal("""{"value":1.7976931348623157E+308,"optional":null,"map":{}}""",
            JsonText.Serialize(new Numbers(JsonText.Saturate(double.PositiveInfinity), JsonText.Saturate(double.NaN), new Dictionary<string, double>()), false));
    }

    [Fact]
    public void A_bad_document_names_the_file_and_field()
    {
        var e = Assert.Throws<InvalidDataException>(() => JsonText.Deserialize<Numbers>("""{"value":"high","optional":1,"map":{}}""", "scores.json"));
        Assert.Equal("scores.json: field $.value: a value of the wrong kind (line 1, byte 16)", e.Message);
        e = Assert.Throws<InvalidDataException>(() => JsonText.Deserialize<Numbers>("""{"value":1}""", "scores.json"));
        Assert.StartsWith("scores.json: field $: missing field(s) 'optional'", e.Message);
        e = Assert.Throws<InvalidDataException>(() => JsonText.Deserialize<Numbers>("""{"value":1,""", "scores.json"));
        Assert.StartsWith("scores.json: ", e.Message);
        // The private record types the library reads into are no business of the reader.
        foreach (var bad in new[] { "[1]", """{"value":"high"}""", """{"value":1}""" })
            Assert.DoesNotContain("Workbooks.", Assert.Throws<InvalidDataException>(() => JsonText.Deserialize<Numbers>(bad, "x.json")).Message);
    }

    private static string[] Names(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void Registry_version_keeps_its_documented_fields_and_sorted_maps()
    {
        var v = new ModelVersionInfo("bike", 2, "ab", 10, "m.zip", null, new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" },
            new Dictionary<string, double> { ["mae"] = 1.5, ["undefined"] = double.NaN, ["inf"] = double.PositiveInfinity },
            new ModelLineage { Dataset = "bike", Range = DataRange.Rows(0, 5), ParentVersion = 1 }, "cli", "me", new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), ["champion"]);
        using var doc = JsonDocument.Parse(RegistryJson.Of(v, indented: true));
        var root = doc.RootElement;
        Assert.Equal(["name", "version", "sha256", "size_bytes", "source_file", "description", "aliases", "tags", "metrics", "lineage", "created_by", "creator", "created_at"], Names(root));
        Assert.Equal(["dataset", "range", "row_count", "data_sha256", "trainer", "hyperparameters", "parent_version", "git_commit"], Names(root.GetProperty("lineage")));
        Assert.Equal(["unit", "start", "end"], Names(root.GetProperty("lineage").GetProperty("range")));
        Assert.Equal(["a", "z"], Names(root.GetProperty("tags")));
        Assert.Equal(["inf", "mae", "undefined"], Names(root.GetProperty("metrics")));
        Assert.Equal(double.MaxValue, root.GetProperty("metrics").GetProperty("inf").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("metrics").GetProperty("undefined").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("lineage").GetProperty("row_count").ValueKind);

        var model = new RegisteredModel("bike", null, new Dictionary<string, string>(), 2, 2, new Dictionary<string, int> { ["champion"] = 2 }, v.CreatedAt);
        using var models = JsonDocument.Parse(RegistryJson.Of([model]));
        Assert.Equal(["name", "description", "latest_version", "versions", "aliases", "tags", "created_at"], Names(models.RootElement[0]));
        using var comparison = JsonDocument.Parse(RegistryJson.Of(v, v, [new ComparisonRow("metrics", "mae", "1.5", "1.5", double.NaN)]));
        Assert.Equal(["a", "b", "rows"], Names(comparison.RootElement));
        Assert.Equal(["section", "field", "a", "b", "delta"], Names(comparison.RootElement.GetProperty("rows")[0]));
        Assert.Equal(JsonValueKind.Null, comparison.RootElement.GetProperty("rows")[0].GetProperty("delta").ValueKind);
    }

    [Fact]
    public void Summary_json_keeps_the_fields_of_docs_monitoring_reports()
    {
        var t = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        var summary = new ReportSummary("bike", null, ["1"], "log.db", t, t.AddDays(7), t.AddDays(-7), t, ReportStatus.Warning, "drift", ["look"], "accuracy",
            [new SectionSummary("drift", "Drift", ReportStatus.Warning, "1 of 3")], new Dictionary<string, double?> { ["requests"] = 10, ["error_rate"] = double.NaN },
            t.AddTicks(1234));
        var json = summary.ToJson();
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["schema", "generated_at", "model", "model_version", "versions", "log", "period", "comparison", "status", "headline", "next_steps",
            "quality_metric", "sections", "figures"], Names(doc.RootElement));
        Assert.Equal(["key", "title", "status", "reason"], Names(doc.RootElement.GetProperty("sections")[0]));
        Assert.Contains("\"generated_at\": \"2026-01-05T00:00:00Z\"", json);   // to the second, in UTC
        Assert.Contains("\"status\": \"warning\"", json);
        Assert.Contains("\"error_rate\": null", json);

        var path = Path.Combine(Path.GetTempPath(), "wb-summary-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            summary.Write(path);
            var back = ReportSummary.Load(path);
            Assert.Equal((ReportStatus.Warning, (string?)null, t.AddDays(7), 10.0), (back.Status, back.ModelVersion, back.End, back.Figure("requests")));
            Assert.Null(back.Figure("error_rate"));
            File.WriteAllText(path, json.Replace("\"warning\"", "\"bad\""));
            Assert.StartsWith($"{path}: field $.status:", Assert.Throws<InvalidDataException>(() => ReportSummary.Load(path)).Message);
        }
        finally { File.Delete(path); }
    }
}
