using Workbooks.ModelOps.Estimation;
using Workbooks.ModelOps.Windows;
using Xunit;

namespace Workbooks.Tests.Estimation;

/// <summary>The CBPE expectations on small inputs, against the numpy/scikit-learn values of make_cbpe.py.</summary>
public class CbpeExpectationTests
{
    [Theory]
    [InlineData("hand")]
    [InlineData("seeded")]
    public void Expected_confusion_and_metrics_match_numpy(string name)
    {
        var c = CbpeFixture.Binary(name);
        var p = c.Doubles("p");
        var m = ExpectedConfusion.From(p, c.Ints("pred"));
        Assert.Equal(c.Number("expected.tp"), m.TruePositive, 1e-9);
        Assert.Equal(c.Number("expected.fp"), m.FalsePositive, 1e-9);
        Assert.Equal(c.Number("expected.fn"), m.FalseNegative, 1e-9);
        Assert.Equal(c.Number("expected.tn"), m.TrueNegative, 1e-9);
        Assert.Equal(c.Number("expected.accuracy"), m.Accuracy, 1e-12);
        Assert.Equal(c.Number("expected.precision"), m.Precision, 1e-12);
        Assert.Equal(c.Number("expected.recall"), m.Recall, 1e-12);
        Assert.Equal(c.Number("expected.f1"), m.F1, 1e-12);
        Assert.Equal(c.Number("expected.specificity"), m.Specificity, 1e-12);
        // With threshold 0.5 every row is right with probability max(p, 1 - p).
        Assert.Equal(c.Number("mean_max_p"), m.Accuracy, 1e-12);
        Assert.Equal(c.Number("expected_roc_auc"), ExpectedRocAuc.Compute(p, p)!.Value, 1e-12);
    }

    [Fact]
    public void Hand_case_by_hand()
    {
        // p = 0.9, 0.2, 0.6, 0.3, 0.55, 0.05: rows are right with probability .9 .8 .6 .7 .55 .95, mean 0.75;
        // positives predicted for .9, .6, .55: expected TP = 2.05, FP = 0.95, so precision = 2.05 / 3.
        var m = ExpectedConfusion.From([0.9, 0.2, 0.6, 0.3, 0.55, 0.05], [1, 0, 1, 0, 1, 0]);
        Assert.Equal(0.75, m.Accuracy, 1e-12);
        Assert.Equal(2.05 / 3, m.Precision, 1e-12);
    }

    [Fact]
    public void Labels_as_probabilities_give_the_realized_metrics_of_scikit_learn()
    {
        var c = CbpeFixture.Binary("seeded");
        var p = c.Doubles("p");
        var labels = c.Ints("labels").Select(v => (double)v).ToArray();
        var realized = BinaryCbpe.Metrics(p, labels, c.Ints("pred"), PerformanceMetricNames.Classification);
        var shared = RealizedMetrics.Binary(c.Ints("labels"), c.Ints("pred"), p, PerformanceMetricNames.Classification);
        foreach (var m in PerformanceMetricNames.Classification)
        {
            Assert.Equal(c.Number("realized." + m.Name()), realized[m]!.Value, 1e-12);
            Assert.Equal(c.Number("realized." + m.Name()), shared[m]!.Value, 1e-12);
        }
    }

    [Fact]
    public void Sampling_errors_match_the_subgroup_standard_error_form()
    {
        var c = CbpeFixture.Binary("seeded");
        var model = SamplingErrorModel.ForBinary(c.Ints("labels"), c.Ints("pred"), c.Doubles("p"));
        foreach (var m in new[] { PerformanceMetric.Accuracy, PerformanceMetric.Precision, PerformanceMetric.Recall, PerformanceMetric.Specificity })
            Assert.Equal(c.Number("se_n100." + m.Name()), model.StandardError(m, 100), 1e-12);
        Assert.Equal(model.StandardError(PerformanceMetric.Accuracy, 100) / 2, model.StandardError(PerformanceMetric.Accuracy, 400), 1e-12);
    }

    [Fact]
    public void Roc_auc_with_one_class_is_undefined_not_a_number()
    {
        Assert.Null(ExpectedRocAuc.Compute([0.2, 0.4], [1.0, 1.0]));
    }

    [Fact]
    public void Doc_examples_print_what_they_say()
    {
        var m = ExpectedConfusion.From([0.9, 0.2, 0.6, 0.3], [1, 0, 1, 0]);
        Assert.Equal("1.5 0.75", $"{m.TruePositive} {m.Accuracy}");
        var model = SamplingErrorModel.ForBinary([1, 0, 1, 0], [1, 0, 0, 0], [0.9, 0.1, 0.4, 0.3]);
        Assert.Equal("0.0433", model.StandardError(PerformanceMetric.Accuracy, 100).ToString("0.0000"));
        var cal = ProbabilityCalibrator.Fit([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95], [0, 0, 0, 0, 1, 0, 1, 1, 1, 1], CalibrationMode.Always, folds: 2);
        Assert.Equal("0 0.5", $"{cal.Calibrate(0.15)} {cal.Calibrate(0.55)}");
    }
}

/// <summary>Multiclass macro expectations and realized macro metrics against make_cbpe.py.</summary>
public class MulticlassCbpeExpectationTests
{
    private static readonly System.Text.Json.JsonElement Case = CbpeFixture.Root.GetProperty("multiclass");

    private static double[][] ClassColumns()
    {
        var rows = Case.GetProperty("probs").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        return Enumerable.Range(0, 3).Select(k => rows.Select(r => r[k]).ToArray()).ToArray();
    }

    [Fact]
    public void Expected_macro_metrics_match_numpy()
    {
        var p = ClassColumns();
        var pred = Case.Ints("pred");
        var expected = MulticlassCbpe.Metrics(p, p, pred, 0, pred.Length, PerformanceMetricNames.Classification);
        foreach (var m in PerformanceMetricNames.Classification)
            Assert.Equal(Case.Number("expected." + m.Name()), expected[m]!.Value, 1e-12);
    }

    [Fact]
    public void One_hot_labels_give_scikit_learn_macro_metrics()
    {
        var p = ClassColumns();
        var pred = Case.Ints("pred");
        var labels = Case.Ints("labels");
        var oneHot = Enumerable.Range(0, 3).Select(k => labels.Select(y => y == k ? 1.0 : 0.0).ToArray()).ToArray();
        var realized = MulticlassCbpe.Metrics(p, oneHot, pred, 0, pred.Length, PerformanceMetricNames.Classification);
        var shared = RealizedMetrics.Multiclass(labels, pred, p, 0, PerformanceMetricNames.Classification);
        foreach (var m in PerformanceMetricNames.Classification)
        {
            Assert.Equal(Case.Number("realized." + m.Name()), realized[m]!.Value, 1e-12);
            Assert.Equal(Case.Number("realized." + m.Name()), shared[m]!.Value, 1e-12);
        }
    }

    [Fact]
    public void Estimate_on_calibrated_data_covers_the_realized_values()
    {
        var p = ClassColumns();
        var pred = Case.Ints("pred");
        var labels = Case.Ints("labels");
        var cbpe = MulticlassCbpe.Fit(["a", "b", "c"], p, pred, labels, new CbpeOptions { Calibration = CalibrationMode.Never });
        var estimate = cbpe.Estimate(p, pred, Chunker.ByCount(pred.Length, 3), labels);
        Assert.Equal("multiclass", estimate.Problem);
        Assert.Equal(3 * 6, estimate.Rows.Count);
        Assert.Equal(3, cbpe.Calibration.Count);
        // The probabilities are the true ones (labels were drawn from them), so the accuracy band should hold.
        Assert.Equal(1.0, estimate.Coverage(PerformanceMetric.Accuracy));
    }
}
