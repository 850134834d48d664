using Workbooks.ModelOps.Metrics;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>
/// Quality metrics for a window of labeled predictions, computed by the <see cref="Metrics"/> calculators
/// (so they agree with scikit-learn) and keyed by the snake_case names the CLI's <c>metrics</c> verb prints.
/// Set one as <see cref="MonitorPipeline{TIn, TOut}.QualityEvaluator"/>.
/// </summary>
/// <example>
/// <code>
/// var evaluate = QualityEvaluators.Binary("UP");
/// var m = evaluate(new[] { new PredictionView("UP", 0.9), new PredictionView("DOWN", 0.2) },
///                  new[] { GroundTruth.OfClass("UP"), GroundTruth.OfClass("UP") });
/// Console.WriteLine($"{m["accuracy"]} {m["recall"]}");
/// // prints: 0.5 0.5
/// </code>
/// </example>
public static class QualityEvaluators
{
    /// <summary>Binary classification: <paramref name="positiveClass"/> is class 1 and a prediction's score is P(positive).
    /// Metrics: accuracy, precision, recall, f1, mcc; with probability scores log_loss, brier, ece; with both classes
    /// among the labels roc_auc and average_precision.</summary>
    public static Func<IReadOnlyList<PredictionView>, IReadOnlyList<GroundTruth>, IReadOnlyDictionary<string, double>> Binary(string positiveClass)
    {
        ArgumentException.ThrowIfNullOrEmpty(positiveClass);
        return (predictions, truths) =>
        {
            int n = Require(predictions, truths);
            var actual = new int[n];
            var predicted = new int[n];
            var score = new double[n];
            for (int i = 0; i < n; i++)
            {
                actual[i] = truths[i].Class == positiveClass ? 1 : 0;
                predicted[i] = predictions[i].Class == positiveClass ? 1 : 0;
                score[i] = predictions[i].Score;
            }
            var cm = ClassificationMetrics.Confusion(actual, predicted, 2);
            var m = new Dictionary<string, double>
            {
                ["accuracy"] = cm.Accuracy, ["precision"] = cm.Precision(), ["recall"] = cm.Recall(),
                ["f1"] = cm.F1(), ["mcc"] = cm.MatthewsCorrelation,
            };
            if (score.All(s => s is >= 0 and <= 1))
            {
                var p = ClassificationMetrics.Probabilistic(actual, score);
                m["log_loss"] = p.LogLoss; m["brier"] = p.Brier; m["ece"] = p.ExpectedCalibrationError;
                if (actual.Contains(0) && actual.Contains(1))
                {
                    m["roc_auc"] = ClassificationMetrics.RocAuc(actual, score);
                    m["average_precision"] = ClassificationMetrics.AveragePrecision(actual, score);
                }
            }
            return m;
        };
    }

    /// <summary>Multiclass: accuracy, mcc, and precision, recall and f1 with each averaging as a suffix
    /// (<c>f1_macro</c>, <c>f1_micro</c>, <c>f1_weighted</c>). Classes are those seen in the window.</summary>
    public static Func<IReadOnlyList<PredictionView>, IReadOnlyList<GroundTruth>, IReadOnlyDictionary<string, double>> Multiclass() =>
        (predictions, truths) =>
        {
            int n = Require(predictions, truths);
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            int Of(string? c) => index.TryGetValue(c ?? "", out var k) ? k : index[c ?? ""] = index.Count;
            var actual = new int[n];
            var predicted = new int[n];
            for (int i = 0; i < n; i++) { actual[i] = Of(truths[i].Class); predicted[i] = Of(predictions[i].Class); }
            var cm = ClassificationMetrics.Confusion(actual, predicted, Math.Max(2, index.Count));
            var m = new Dictionary<string, double> { ["accuracy"] = cm.Accuracy, ["mcc"] = cm.MatthewsCorrelation };
            foreach (var avg in new[] { Averaging.Macro, Averaging.Micro, Averaging.Weighted })
            {
                var suffix = avg.ToString().ToLowerInvariant();
                m[$"precision_{suffix}"] = cm.Precision(avg);
                m[$"recall_{suffix}"] = cm.Recall(avg);
                m[$"f1_{suffix}"] = cm.F1(avg);
            }
            return m;
        };

    /// <summary>Regression (the prediction's score is the predicted value): mae, rmse, mape (a fraction), r2.</summary>
    public static Func<IReadOnlyList<PredictionView>, IReadOnlyList<GroundTruth>, IReadOnlyDictionary<string, double>> Regression() =>
        (predictions, truths) =>
        {
            int n = Require(predictions, truths);
            var r = RegressionMetrics.Evaluate(truths.Select(t => t.Value).ToArray(), predictions.Select(p => p.Score).ToArray());
            var m = new Dictionary<string, double> { ["mae"] = r.Mae, ["rmse"] = r.Rmse, ["mape"] = r.Mape };
            if (n > 1 && double.IsFinite(r.R2)) m["r2"] = r.R2;
            return m;
        };

    private static int Require(IReadOnlyList<PredictionView> predictions, IReadOnlyList<GroundTruth> truths)
    {
        if (predictions.Count != truths.Count)
            throw new ArgumentException($"{predictions.Count} predictions but {truths.Count} labels: they must pair up.");
        return predictions.Count;
    }
}
