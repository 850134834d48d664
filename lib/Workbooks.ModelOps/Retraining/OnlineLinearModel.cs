using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Retraining;

/// <summary>
/// The online baseline of a backtest: a linear model updated by one SGD step per labelled row, test-then-train, as River's
/// <c>preprocessing.StandardScaler | linear_model.LogisticRegression</c> (softmax regression for several classes) or
/// <c>LinearRegression</c> (squared loss on a standardized target). Numbers are standardized with running means and
/// variances (a missing value reads as the mean), categories one-hot encoded as they appear.
/// Hand-written because ML.NET's online trainers (AveragedPerceptron, OnlineGradientDescent) continue training only for
/// binary and regression tasks, need a re-fitted data view per batch and have no multiclass form, while this baseline must
/// learn from every row of every task at the same point in the stream. (The detectors' <c>OnlineLogisticRegression</c> is binary
/// only, on pre-scaled feature arrays: it makes the fixed error streams of notebook 04.)
/// </summary>
/// <example>
/// <code>
/// var x = Enumerable.Range(0, 2000).Select(i => (double)(i % 10)).ToArray();
/// var table = new Table([TableColumn.Numerical("x", x), TableColumn.Categorical("y", [.. x.Select(v => v &lt; 5 ? "low" : "high")])]);
/// var model = new OnlineLinearModel(table, ["x"], ModelTask.Binary, "y");
/// int correct = 0;
/// for (int row = 0; row &lt; table.RowCount; row++) { if (row >= 1000 &amp;&amp; model.PredictClass(row) == table["y"].Labels![row]) correct++; model.Learn(row); }
/// Console.WriteLine(correct > 950);
/// // prints: True
/// </code>
/// </example>
public sealed class OnlineLinearModel
{
    private readonly Table _table;
    private readonly (string Name, double[]? Numbers, string?[]? Labels)[] _columns;
    private readonly double[]? _target;
    private readonly string?[]? _labels;
    private readonly string[] _classes;
    private readonly Dictionary<string, int> _classIndex;
    private readonly double _rate;
    private readonly double[] _mean, _m2;
    private long _seen;
    private double _targetMean, _targetM2;
    private readonly Dictionary<(int Column, string Value), int> _slots = new();
    private readonly List<double[]> _weights = new();   // one row of per-output weights per feature slot
    private readonly double[] _bias;
    private readonly List<(int Slot, double Value)> _x = new();
    private readonly double[] _out;

    /// <summary>A fresh model of <paramref name="label"/> from <paramref name="features"/> of <paramref name="table"/>.</summary>
    public OnlineLinearModel(Table table, IReadOnlyList<string> features, ModelTask task, string label, double learningRate = 0.01)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table; _rate = learningRate; Task = task;
        _columns = features.Select(f => (f, table[f].Numbers, table[f].Labels)).ToArray();
        if (task == ModelTask.Regression) { _target = table[label].RequireNumbers(); _classes = []; }
        else { _labels = table[label].AsLabels(); _classes = _labels.Where(l => l is not null).Distinct().Order(StringComparer.Ordinal).ToArray()!; }
        _classIndex = _classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        int outputs = Math.Max(1, _classes.Length);
        _bias = new double[outputs]; _out = new double[outputs];
        _mean = new double[_columns.Length]; _m2 = new double[_columns.Length];
        for (int j = 0; j < _columns.Length; j++) if (_columns[j].Numbers is not null) Slot(j, "");
    }

    public ModelTask Task { get; }

    /// <summary>Regression: the predicted value of <paramref name="row"/>.</summary>
    public double PredictValue(int row)
    {
        Forward(row);
        double sd = _seen > 1 ? Math.Sqrt(_targetM2 / (_seen - 1)) : 1;
        return _targetMean + (sd > 0 ? sd : 1) * _out[0];
    }

    /// <summary>Classification: the most probable class of <paramref name="row"/>.</summary>
    public string PredictClass(int row)
    {
        Forward(row);
        int best = 0;
        for (int k = 1; k < _out.Length; k++) if (_out[k] > _out[best]) best = k;
        return _classes[best];
    }

    /// <summary>One SGD step on <paramref name="row"/>'s label (after the scalers have seen the row).</summary>
    public void Learn(int row)
    {
        _seen++;
        for (int j = 0; j < _columns.Length; j++)
            if (_columns[j].Numbers is { } v && !double.IsNaN(v[row]))
            {
                double d = v[row] - _mean[j];
                _mean[j] += d / _seen; _m2[j] += d * (v[row] - _mean[j]);
            }
        if (_target is not null)
        {
            double d = _target[row] - _targetMean;
            _targetMean += d / _seen; _targetM2 += d * (_target[row] - _targetMean);
        }
        Forward(row);
        // gradient of the loss with respect to each output: softmax - one-hot, or (prediction - standardized target)
        if (_target is not null)
        {
            double sd = _seen > 1 ? Math.Sqrt(_targetM2 / (_seen - 1)) : 1;
            _out[0] -= (_target[row] - _targetMean) / (sd > 0 ? sd : 1);
        }
        else
        {
            double max = _out.Max(), sum = 0;
            for (int k = 0; k < _out.Length; k++) sum += _out[k] = Math.Exp(_out[k] - max);
            for (int k = 0; k < _out.Length; k++) _out[k] /= sum;
            _out[_classIndex[_labels![row]!]] -= 1;
        }
        for (int k = 0; k < _out.Length; k++)
        {
            double g = Math.Clamp(_out[k], -10, 10) * _rate;   // a clipped step keeps one outlier from throwing the weights
            _bias[k] -= g;
            foreach (var (slot, value) in _x) _weights[slot][k] -= g * value;
        }
    }

    // Reads the row into _x (standardized numbers, one-hot categories) and its linear outputs into _out.
    private void Forward(int row)
    {
        _x.Clear();
        for (int j = 0; j < _columns.Length; j++)
        {
            if (_columns[j].Numbers is { } v)
            {
                double sd = _seen > 1 ? Math.Sqrt(_m2[j] / (_seen - 1)) : 0;
                double z = double.IsNaN(v[row]) || sd == 0 ? 0 : (v[row] - _mean[j]) / sd;
                _x.Add((_slots[(j, "")], z));
            }
            else if (_columns[j].Labels![row] is { } s) _x.Add((Slot(j, s), 1));
        }
        for (int k = 0; k < _out.Length; k++)
        {
            double y = _bias[k];
            foreach (var (slot, value) in _x) y += _weights[slot][k] * value;
            _out[k] = y;
        }
    }

    private int Slot(int column, string value)
    {
        if (!_slots.TryGetValue((column, value), out int slot))
        {
            _slots[(column, value)] = slot = _weights.Count;
            _weights.Add(new double[_bias.Length]);
        }
        return slot;
    }

    public override string ToString() => $"online SGD {(Task == ModelTask.Regression ? "linear regression" : "logistic regression")} on {_table.Source}";
}
