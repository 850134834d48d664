using System.Text.Json;
using Microsoft.Data.Analysis;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Monitoring.Reports;

/// <summary>
/// One model's predictions in [From, To) read from a <see cref="ReportLog"/>, in time order, with the labels that
/// had arrived by <see cref="LabelsBy"/> (a report sees what was known when its period ended, so re-running an old
/// week gives the same answer however many labels came later).
/// </summary>
public sealed class PeriodRows
{
    private PeriodRows(DateTime from, DateTime to, DateTime labelsBy, DataFrame f)
    {
        From = from; To = to; LabelsBy = labelsBy;
        int n = (int)f.Rows.Count;
        Count = n;
        Times = new DateTime[n]; Versions = new string[n]; FeatureJson = new string?[n]; Predictions = new string?[n];
        Scores = new double[n]; Failed = new bool[n]; Labels = new string?[n]; LabelValues = new double[n]; LabelDelayHours = new double[n];
        for (int i = 0; i < n; i++)
        {
            Times[i] = (DateTime)f["time"][i];
            Versions[i] = f["version"][i]?.ToString() ?? "";
            FeatureJson[i] = f["features"][i]?.ToString();
            Predictions[i] = f["prediction"][i]?.ToString();
            Scores[i] = f["score"][i] is double s ? s : double.NaN;
            Failed[i] = f["failure"][i] is not null;
            bool arrived = f["label_time"][i] is DateTime lt && lt <= labelsBy;
            Labels[i] = arrived ? f["label"][i]?.ToString() : null;
            LabelValues[i] = arrived && f["label_value"][i] is double lv ? lv : double.NaN;
            LabelDelayHours[i] = arrived ? (((DateTime)f["label_time"][i]!) - Times[i]).TotalHours : double.NaN;
        }
    }

    public DateTime From { get; }
    public DateTime To { get; }
    public DateTime LabelsBy { get; }
    public int Count { get; }
    public DateTime[] Times { get; }
    public string[] Versions { get; }
    public string?[] FeatureJson { get; }
    public string?[] Predictions { get; }
    /// <summary>P(positive) for a binary model, the value for a regression model; NaN for a failed call.</summary>
    public double[] Scores { get; }
    public bool[] Failed { get; }
    /// <summary>The class label, null where none had arrived by <see cref="LabelsBy"/>.</summary>
    public string?[] Labels { get; }
    /// <summary>The numeric label (regression), NaN where none had arrived.</summary>
    public double[] LabelValues { get; }
    public double[] LabelDelayHours { get; }

    /// <summary>True where the call succeeded and its label had arrived.</summary>
    public bool Labelled(int i) => !Failed[i] && (Labels[i] is not null || !double.IsNaN(LabelValues[i]));

    /// <summary>Rows of <paramref name="model"/> in [<paramref name="from"/>, <paramref name="to"/>), labels known by <paramref name="labelsBy"/>.</summary>
    public static PeriodRows Read(ReportLog log, string model, DateTime from, DateTime to, DateTime labelsBy) =>
        new(from, to, labelsBy, log.Query(
            "SELECT time, version, features, prediction, score, failure, label, label_value, label_time FROM log WHERE " +
            ReportLog.Between(model, from, to) + " ORDER BY time, id"));

    /// <summary>The feature names of the first logged row's JSON object (the model's input columns).</summary>
    public IReadOnlyList<string> FeatureNames()
    {
        foreach (var json in FeatureJson)
        {
            if (json is null) continue;
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && !doc.RootElement.TryGetProperty("error", out _))
                return doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        }
        return [];
    }

    /// <summary>The logged features as a table, each column of the kind <paramref name="kinds"/> gives it (the reference's).</summary>
    public Table Features(IReadOnlyList<string> names, Func<string, ColumnKind> kinds, string source)
    {
        var numbers = new Dictionary<string, double[]>();
        var labels = new Dictionary<string, string?[]>();
        foreach (var name in names)
            if (kinds(name) == ColumnKind.Numerical) numbers[name] = Enumerable.Repeat(double.NaN, Count).ToArray();
            else labels[name] = new string?[Count];
        for (int i = 0; i < Count; i++)
        {
            if (FeatureJson[i] is not { } json) continue;
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) continue;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (numbers.TryGetValue(p.Name, out var num))
                    num[i] = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble()
                        : p.Value.ValueKind == JsonValueKind.String && double.TryParse(p.Value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
                else if (labels.TryGetValue(p.Name, out var lab))
                    lab[i] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString(),
                        JsonValueKind.Number => p.Value.GetRawText(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => null,
                    };
            }
        }
        return new Table(names.Select(n => numbers.TryGetValue(n, out var v) ? TableColumn.Numerical(n, v) : TableColumn.Categorical(n, labels[n])), source);
    }
}
