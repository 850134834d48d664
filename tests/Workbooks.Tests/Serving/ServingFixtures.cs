using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.Serving.Hosting;
using Workbooks.Serving.Load;

namespace Workbooks.Tests.Serving;

/// <summary>Small models for the service tests: a regression of y on a number x and a category c, trained once per
/// run; <see cref="Doubled"/> learns 2y, so two versions answer visibly differently.</summary>
internal static class ServingModels
{
    private static readonly Lazy<(TrainedModel Base, TrainedModel Doubled)> Models = new(() =>
    {
        var rng = new Random(11);
        int n = 400;
        var x = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble() * 10, 2)).ToArray();
        var c = Enumerable.Range(0, n).Select(i => (i % 3) switch { 0 => "a", 1 => "b", _ => "c" }).ToArray();
        var y = x.Select((v, i) => 3 * v + (c[i] == "b" ? 20 : 0)).ToArray();
        Table Of(double[] target) => new([TableColumn.Numerical("x", x), TableColumn.Categorical("c", c), TableColumn.Numerical("y", target)], "serving-test");
        var trainer = new FastTreeOptions { Trees = 20, Leaves = 8, MinimumRowsPerLeaf = 5 };
        return (TrainedModel.Train(Of(y), "y", ["x", "c"], trainer, ModelTask.Regression),
                TrainedModel.Train(Of(y.Select(v => 2 * v + 100).ToArray()), "y", ["x", "c"], trainer, ModelTask.Regression));
    });

    public static TrainedModel Base => Models.Value.Base;
    public static TrainedModel Doubled => Models.Value.Doubled;

    /// <summary>Saves <paramref name="model"/> into a fresh temporary file and returns its path.</summary>
    public static string Save(TrainedModel model, string dir)
    {
        var path = Path.Combine(dir, $"model-{Guid.NewGuid():N}.zip");
        model.Save(path);
        return path;
    }

    public static string Row(double x, string c) => FormattableString.Invariant($$"""{"x":{{x}},"c":"{{c}}"}""");

    public static double Expected(TrainedModel model, double x, string c) =>
        new ServedModel(model, "m", "v").Predict(Workbooks.Serving.Rows.ServedRow.Of(model.Schema, new Dictionary<string, object?> { ["x"] = x, ["c"] = c })).Score;
}

/// <summary>A real redis-server for a test (<see cref="RedisServerProcess"/>); where the binary is missing the test is
/// skipped, or failed under CI=true (<see cref="Requirements"/>).</summary>
internal static class RedisServer
{
    public static RedisServerProcess Start() => RedisServerProcess.Start(Requirements.Program("redis-server", "apt-get install redis-server"));
}
