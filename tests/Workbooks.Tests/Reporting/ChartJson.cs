using System.Text.Json;
using Plotly.NET;

namespace Workbooks.Tests.Reporting;

/// <summary>Serializes a chart with Plotly.NET and exposes its traces and layout for assertions.</summary>
internal static class ChartJson
{
    public static JsonElement Of(GenericChart chart) => JsonDocument.Parse(GenericChart.toJson(chart)).RootElement;

    public static JsonElement[] Traces(GenericChart chart) => Of(chart).GetProperty("data").EnumerateArray().ToArray();

    public static string[] Names(GenericChart chart) => Traces(chart).Select(t => t.GetProperty("name").GetString()!).ToArray();

    public static double[] Numbers(JsonElement trace, string axis) => trace.GetProperty(axis).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static string[] Strings(JsonElement trace, string axis) => trace.GetProperty(axis).EnumerateArray().Select(v => v.ToString()).ToArray();
}
