using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Tuning;
using Xunit;

namespace Workbooks.Tests.Tuning;

public class SearchSpaceTests
{
    [Fact]
    public void Log_uniform_draws_stay_in_range_and_spread_evenly_over_orders_of_magnitude()
    {
        var p = new LogUniformParameter("lr", 1e-4, 1);
        var random = new Random(1);
        var draws = Enumerable.Range(0, 20_000).Select(_ => p.Sample(random)).ToArray();
        Assert.All(draws, v => Assert.InRange(v, 1e-4, 1));
        // each decade holds a quarter of the draws (uniform would put 90% in the last one); binomial sd is 0.3%
        for (int d = 0; d < 4; d++)
        {
            double lo = Math.Pow(10, -4 + d), hi = lo * 10;
            Assert.InRange(draws.Count(v => v >= lo && v < hi) / 20_000.0, 0.235, 0.265);
        }
    }

    [Fact]
    public void Integer_and_categorical_draws_hit_every_allowed_value_and_nothing_else()
    {
        var random = new Random(2);
        var log = new IntParameter("leaves", 4, 128, Log: true);
        var ints = Enumerable.Range(0, 5000).Select(_ => log.Sample(random)).ToArray();
        Assert.All(ints, v => { Assert.Equal(Math.Round(v), v); Assert.InRange(v, 4, 128); });
        Assert.Contains(4.0, ints); Assert.Contains(128.0, ints);
        Assert.InRange(ints.Count(v => v < 23) / 5000.0, 0.45, 0.55);   // 23 ≈ √(4·128): the log-scale median
        var cat = new CategoricalParameter("m", [1, 5, 10]);
        var picks = Enumerable.Range(0, 3000).Select(_ => cat.Sample(random)).ToArray();
        Assert.Equal([1.0, 5.0, 10.0], picks.Distinct().Order());
    }

    [Theory]
    [InlineData("fasttree", typeof(FastTreeOptions))]
    [InlineData("lightgbm", typeof(LightGbmOptions))]
    [InlineData("linear", typeof(LinearOptions))]
    public void A_drawn_point_maps_onto_the_familys_options_record(string family, Type type)
    {
        var space = SearchSpace.For(family);
        var point = space.Sample(new Random(3));
        var options = space.Options(point, seed: 42);
        Assert.IsType(type, options);
        Assert.Equal(42, options.Seed);
        var shown = Tuner.Params(options);
        foreach (var (name, value) in point) Assert.Equal(value, shown[name], 12);
        Assert.Equal(family, space.Defaults.Family);
    }

    [Fact]
    public void The_doc_example_names_lightgbms_parameters_and_unknown_families_are_refused()
    {
        var space = SearchSpace.For("lightgbm");
        var point = space.Sample(new Random(1));
        Assert.Equal("lightgbm trees,leaves,min_rows_per_leaf,learning_rate", space.Options(point, seed: 1).Family + " " + string.Join(",", point.Keys));
        Assert.Contains("fasttree, lightgbm, linear", Assert.Throws<ArgumentException>(() => SearchSpace.For("xgboost")).Message);
    }
}
