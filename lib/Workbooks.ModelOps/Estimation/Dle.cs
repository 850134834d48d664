using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Windows;

namespace Workbooks.ModelOps.Estimation;

/// <summary>Settings of DLE.</summary>
/// <example>
/// <code>
/// var options = new DleOptions { ErrorModel = new LightGbmOptions() };
/// Console.WriteLine($"{options.ErrorModel.Family} {options.ErrorModel.Hyperparameters()["trees"]} {options.BandStandardErrors}");
/// // prints: lightgbm 100 3
/// </code>
/// </example>
public sealed record DleOptions
{
    /// <summary>The trainer of the models that learn the error (FastTree by default).</summary>
    public TrainerOptions ErrorModel { get; init; } = new FastTreeOptions();
    /// <summary>Half-width of the sampling and alert bands in standard errors.</summary>
    public double BandStandardErrors { get; init; } = 3.0;
}

/// <summary>
/// Direct loss estimation (DLE) for a regression model. On the labelled reference set, two gradient-boosted
/// tree models learn the monitored model's absolute error and squared error from the features plus the
/// model's own prediction. On unlabelled data the estimated MAE of a chunk is the mean predicted absolute
/// error, and the estimated RMSE is the square root of the mean predicted squared error. Like CBPE it
/// assumes the error given the inputs is unchanged (covariate shift, no concept shift).
/// </summary>
/// <example>
/// <code>
/// var dle = Dle.Fit(reference, ["temp", "hum", "hr"], prediction: "predicted_cnt", target: "cnt");
/// var estimate = dle.Estimate(analysis, Chunker.ByPeriod(analysisDates, ChunkPeriod.Month), target: "cnt");
/// Console.WriteLine(estimate.Method);
/// // prints: DLE
/// </code>
/// </example>
public sealed class Dle
{
    private readonly TrainedModel _absoluteError;
    private readonly TrainedModel _squaredError;
    private readonly DleOptions _options;

    private Dle(string prediction, TrainedModel absoluteError, TrainedModel squaredError, SamplingErrorModel samplingError,
        IReadOnlyDictionary<PerformanceMetric, double> referenceValues, DleOptions options)
    {
        Prediction = prediction; _absoluteError = absoluteError; _squaredError = squaredError;
        SamplingError = samplingError; ReferenceValues = referenceValues; _options = options;
    }

    /// <summary>The column holding the monitored model's prediction.</summary>
    public string Prediction { get; }
    public IReadOnlyList<string> Features => _absoluteError.Features;
    public SamplingErrorModel SamplingError { get; }
    /// <summary>MAE and RMSE realized on the reference set: the centres of the alert bands.</summary>
    public IReadOnlyDictionary<PerformanceMetric, double> ReferenceValues { get; }

    /// <summary>Learns the error models from a labelled reference table.</summary>
    public static Dle Fit(Table reference, IReadOnlyList<string> features, string prediction, string target, DleOptions? options = null)
    {
        options ??= new DleOptions();
        var errors = Errors(reference, prediction, target);
        var inputs = features.Contains(prediction) ? features.ToList() : features.Append(prediction).ToList();
        var abs = errors.Select(Math.Abs).ToArray();
        var sq = errors.Select(e => e * e).ToArray();
        var absModel = TrainedModel.TrainRegression(reference, inputs, abs, options.ErrorModel);
        var sqModel = TrainedModel.TrainRegression(reference, inputs, sq, options.ErrorModel);
        var values = new Dictionary<PerformanceMetric, double>
        {
            [PerformanceMetric.Mae] = abs.Average(),
            [PerformanceMetric.Rmse] = Math.Sqrt(sq.Average()),
        };
        return new Dle(prediction, absModel, sqModel, SamplingErrorModel.ForRegression(errors), values, options);
    }

    /// <summary>Estimates MAE and RMSE per chunk; when <paramref name="target"/> names a column the realized values are filled in.</summary>
    public PerformanceEstimate Estimate(Table analysis, IReadOnlyList<Chunk> chunks, string? target = null)
    {
        CbpeInputs.CheckChunks(chunks, analysis.RowCount);
        var predictedAbs = _absoluteError.PredictScores(analysis);
        var predictedSq = _squaredError.PredictScores(analysis);
        var errors = target is null ? null : Errors(analysis, Prediction, target);

        var rows = new List<ChunkEstimate>();
        foreach (var chunk in chunks)
        {
            double meanAbs = 0, meanSq = 0, realAbs = 0, realSq = 0;
            for (int i = chunk.Start; i < chunk.End; i++)
            {
                meanAbs += Math.Max(0, predictedAbs[i]);   // the trees can dip below zero; an error cannot
                meanSq += Math.Max(0, predictedSq[i]);
                if (errors is not null) { realAbs += Math.Abs(errors[i]); realSq += errors[i] * errors[i]; }
            }
            int n = chunk.Count;
            rows.Add(ChunkEstimate.Create(chunk, PerformanceMetric.Mae, meanAbs / n, SamplingError.StandardError(PerformanceMetric.Mae, n),
                errors is null ? null : realAbs / n, ReferenceValues[PerformanceMetric.Mae], _options.BandStandardErrors));
            rows.Add(ChunkEstimate.Create(chunk, PerformanceMetric.Rmse, Math.Sqrt(meanSq / n), SamplingError.StandardError(PerformanceMetric.Rmse, n),
                errors is null ? null : Math.Sqrt(realSq / n), ReferenceValues[PerformanceMetric.Rmse], _options.BandStandardErrors));
        }
        return new PerformanceEstimate("DLE", "regression", PerformanceMetricNames.Regression, rows, [], _options.BandStandardErrors);
    }

    /// <summary>prediction − target per row; a missing value is an error naming the table, column and row.</summary>
    private static double[] Errors(Table table, string prediction, string target)
    {
        var p = table[prediction].RequireNumbers();
        var y = table[target].RequireNumbers();
        var e = new double[p.Length];
        for (int i = 0; i < e.Length; i++)
        {
            if (!double.IsFinite(p[i])) throw new ArgumentException($"{table.Source}: column '{prediction}' is missing or not finite at row {i}.");
            if (!double.IsFinite(y[i])) throw new ArgumentException($"{table.Source}: column '{target}' is missing or not finite at row {i}.");
            e[i] = p[i] - y[i];
        }
        return e;
    }
}
