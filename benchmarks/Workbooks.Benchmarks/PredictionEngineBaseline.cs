using Workbooks.Walkthroughs;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;

namespace Workbooks.Benchmarks;

/// <summary>
/// ML.NET's <c>PredictionEngine</c> for the three compression examples, the baseline as ML.NET users call it: a typed
/// input object per row (one class per model, properties named like the table's columns), a typed output object
/// reused between calls. The held-out rows are copied into input objects before timing.
/// </summary>
public sealed class PredictionEngineBaseline
{
    private readonly Func<object, double> _predict;
    private readonly object[] _rows;

    private PredictionEngineBaseline(Func<object, double> predict, object[] rows) { _predict = predict; _rows = rows; }

    public int RowCount => _rows.Length;

    /// <summary>The score of held-out row <paramref name="row"/> (regression value, P(positive), or the top class's probability).</summary>
    public double Predict(int row) => _predict(_rows[row]);

    public static PredictionEngineBaseline For(CompressionExample example)
    {
        var ml = new MLContext(1);
        return example.Name switch
        {
            "adult" => Make<AdultRow, BinaryOut>(ml, example, o => o.Probability),
            "insects" => Make<InsectsRow, MulticlassOut>(ml, example, o => o.Score.Max()),
            "bike" => Make<BikeRow, RegressionOut>(ml, example, o => o.Score),
            _ => throw new ArgumentException($"No PredictionEngine row type for '{example.Name}'."),
        };
    }

    private static PredictionEngineBaseline Make<TIn, TOut>(MLContext ml, CompressionExample example, Func<TOut, double> score)
        where TIn : class, new() where TOut : class, new()
    {
        var engine = ml.Model.CreatePredictionEngine<TIn, TOut>(example.Model.Transformer);
        var output = new TOut();
        var rows = Enumerable.Range(0, example.HeldOut.RowCount).Select(r => (object)Fill<TIn>(example.HeldOut, r)).ToArray();
        var baseline = new PredictionEngineBaseline(row => { engine.Predict((TIn)row, ref output); return score(output); }, rows);
        var expected = example.Model.Predict(example.HeldOut);
        for (int r = 0; r < 50; r++)
            if (Math.Abs(baseline.Predict(r) - expected[r].Score) > 1e-5 * Math.Max(1, Math.Abs(expected[r].Score)))
                throw new InvalidOperationException($"{example.Name} row {r}: PredictionEngine {baseline.Predict(r)}, TrainedModel {expected[r].Score}");
        return baseline;
    }

    private static T Fill<T>(Table table, int row) where T : new()
    {
        var item = new T();
        foreach (var p in typeof(T).GetProperties())
        {
            var named = p.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(ColumnNameAttribute))?.ConstructorArguments[0].Value as string;
            var column = table[named ?? p.Name];
            if (p.PropertyType == typeof(float)) p.SetValue(item, (float)column.RequireNumbers()[row]);
            else p.SetValue(item, column.AsLabels()[row] ?? "");
        }
        return item;
    }

    private sealed class RegressionOut { public float Score { get; set; } }
    private sealed class BinaryOut { public bool PredictedLabel { get; set; } public float Probability { get; set; } }
    private sealed class MulticlassOut { public string PredictedLabel { get; set; } = ""; public float[] Score { get; set; } = []; }
}

public sealed class AdultRow
{
    public float age { get; set; }
    public string workclass { get; set; } = "";
    [ColumnName("education-num")] public float EducationNum { get; set; }
    [ColumnName("marital-status")] public string MaritalStatus { get; set; } = "";
    public string occupation { get; set; } = "";
    public string sex { get; set; } = "";
    [ColumnName("capital-gain")] public float CapitalGain { get; set; }
    [ColumnName("capital-loss")] public float CapitalLoss { get; set; }
    [ColumnName("hours-per-week")] public float HoursPerWeek { get; set; }
}

public sealed class InsectsRow
{
    public float Att1 { get; set; }
    public float Att2 { get; set; }
    public float Att3 { get; set; }
    public float Att4 { get; set; }
    public float Att5 { get; set; }
    public float Att6 { get; set; }
    public float Att7 { get; set; }
    public float Att8 { get; set; }
    public float Att9 { get; set; }
    public float Att10 { get; set; }
    public float Att11 { get; set; }
    public float Att12 { get; set; }
    public float Att13 { get; set; }
    public float Att14 { get; set; }
    public float Att15 { get; set; }
    public float Att16 { get; set; }
    public float Att17 { get; set; }
    public float Att18 { get; set; }
    public float Att19 { get; set; }
    public float Att20 { get; set; }
    public float Att21 { get; set; }
    public float Att22 { get; set; }
    public float Att23 { get; set; }
    public float Att24 { get; set; }
    public float Att25 { get; set; }
    public float Att26 { get; set; }
    public float Att27 { get; set; }
    public float Att28 { get; set; }
    public float Att29 { get; set; }
    public float Att30 { get; set; }
    public float Att31 { get; set; }
    public float Att32 { get; set; }
    public float Att33 { get; set; }
}

public sealed class BikeRow
{
    public float season { get; set; }
    public float mnth { get; set; }
    public float hr { get; set; }
    public float holiday { get; set; }
    public float weekday { get; set; }
    public float workingday { get; set; }
    public float weathersit { get; set; }
    public float temp { get; set; }
    public float atemp { get; set; }
    public float hum { get; set; }
    public float windspeed { get; set; }
}
