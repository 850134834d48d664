using System.Text.Json;
using Workbooks.ModelOps.Statistics;
using Xunit;

namespace Workbooks.Tests.Statistics;

/// <summary>Pool-adjacent-violators against scikit-learn 1.2.1's IsotonicRegression(out_of_bounds="clip"):
/// Fixtures/estimation/isotonic.json, made by make_isotonic.py beside it.</summary>
public class IsotonicRegressionTests
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "estimation", "isotonic.json"))).RootElement.GetProperty("cases");

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases.EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Fit_and_predict_match_scikit_learn(string name)
    {
        var c = Cases.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        double[] Arr(string p) => c.GetProperty(p).EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var weights = c.GetProperty("weights").ValueKind == JsonValueKind.Null ? null : Arr("weights");
        var fit = IsotonicRegression.Fit(Arr("x"), Arr("y"), weights);

        var fitted = fit.Predict(Arr("x"));
        var expectedFitted = Arr("fitted");
        for (int i = 0; i < fitted.Length; i++) Assert.Equal(expectedFitted[i], fitted[i], 1e-12);
        var predicted = fit.Predict(Arr("queries"));
        var expectedPredicted = Arr("predicted");
        for (int i = 0; i < predicted.Length; i++) Assert.Equal(expectedPredicted[i], predicted[i], 1e-12);
        for (int i = 1; i < fit.Values.Count; i++) Assert.True(fit.Values[i] >= fit.Values[i - 1]);
    }

    [Fact]
    public void Doc_example_prints_what_it_says()
    {
        var fit = IsotonicRegression.Fit([1, 2, 3, 4, 5], [1, 3, 2, 4, 5]);
        Assert.Equal("1 1.75 2.5 5", string.Join(" ", new[] { 0.0, 1.5, 2.5, 9.0 }.Select(fit.Predict)));
    }

    [Fact]
    public void Bad_input_names_the_index()
    {
        var e = Assert.Throws<ArgumentException>(() => IsotonicRegression.Fit([1, double.NaN, 3], [1, 2, 3]));
        Assert.Contains("x[1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => IsotonicRegression.Fit([1, 2], [1, 2], [1, 0]));
        Assert.Contains("weights[1]", e.Message);
    }
}
