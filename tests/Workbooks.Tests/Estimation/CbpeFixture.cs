using System.Text.Json;

namespace Workbooks.Tests.Estimation;

/// <summary>Fixtures/estimation/cbpe.json, written by make_cbpe.py (numpy 1.24.2, scikit-learn 1.2.1).</summary>
internal static class CbpeFixture
{
    public static readonly JsonElement Root = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "estimation", "cbpe.json"))).RootElement;

    public static JsonElement Binary(string name) => Root.GetProperty("binary").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static double[] Doubles(this JsonElement e, string property) => e.GetProperty(property).EnumerateArray().Select(v => v.GetDouble()).ToArray();
    public static int[] Ints(this JsonElement e, string property) => e.GetProperty(property).EnumerateArray().Select(v => v.GetInt32()).ToArray();
    public static double Number(this JsonElement e, string path)
    {
        foreach (var part in path.Split('.')) e = e.GetProperty(part);
        return e.GetDouble();
    }
}
