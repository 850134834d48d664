using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// The loss of a tree ensemble's raw outputs (the margins its trees add up) against labels, with its gradient and
/// diagonal hessian per output: what a Newton step on a leaf value needs (<see cref="LeafRefit"/>). Regression is
/// squared error; binary is the log-loss of the probability the model reports, i.e. through its Platt calibration
/// p = 1 / (1 + exp(slope·margin + offset)) (the logistic of the margin when it has none); softmax multiclass is the
/// cross-entropy of the softmax; a one-versus-all multiclass model is one binary log-loss per class, each through that
/// class's calibration. Rows whose label is missing (NaN) weigh nothing.
/// </summary>
public sealed class RawScoreLoss
{
    private readonly ModelTask _task;
    private readonly ClassScoring _scoring;
    private readonly (double A, double B)[] _logistic;     // p = 1 / (1 + exp(-(A·margin + B))) per output
    private readonly double[] _labels;

    /// <param name="ensemble">The ensemble whose task, calibration and class formula define the loss.</param>
    /// <param name="labels">Per row: the value (regression), 1 for the positive class and 0 for the other (binary), the
    /// class index (multiclass); NaN for a row without a label.</param>
    public RawScoreLoss(CompiledEnsemble ensemble, double[] labels)
    {
        ArgumentNullException.ThrowIfNull(ensemble); ArgumentNullException.ThrowIfNull(labels);
        _task = ensemble.Task; _scoring = ensemble.ClassScoring; _labels = labels;
        Outputs = ensemble.Outputs.Count;
        _logistic = ensemble.Calibration.Select(p => p is null ? (1.0, 0.0) : (-p.Slope, -p.Offset)).ToArray();
    }

    public int Outputs { get; }
    public int Rows => _labels.Length;

    /// <summary>The labels of <paramref name="label"/> in <paramref name="table"/> as <see cref="RawScoreLoss"/> reads
    /// them (a class the model does not know as a missing label); a column without any of the model's classes is an
    /// <see cref="ArgumentException"/> naming the table, column and a value.</summary>
    public static double[] Labels(Table table, string label, ModelTask task, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!table.HasColumn(label)) throw new ArgumentException($"{table.Source} has no label column '{label}'; a leaf re-fit needs the fit rows' labels.");
        if (task == ModelTask.Regression) return [.. table[label].RequireNumbers()];
        // A class the model never saw (drifted data can hold one) has no output to move toward: such rows weigh
        // nothing. A column that holds none of the model's classes is the wrong column.
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (double)p.i, StringComparer.Ordinal);
        var values = table[label].AsLabels();
        var labels = values.Select(v => v is not null && index.TryGetValue(v, out var i) ? i : double.NaN).ToArray();
        if (labels.All(double.IsNaN) && values.FirstOrDefault(v => v is not null) is { } first)
            throw new ArgumentException($"{table.Source} column '{label}' holds none of the model's classes ({string.Join(", ", classes)}), e.g. '{first}'.");
        return labels;
    }

    /// <summary>Writes the gradient and hessian of row <paramref name="row"/>'s loss with respect to each output's
    /// margin, given its <paramref name="margins"/> (one per output); a row without a label gets zeros.</summary>
    public void Derivatives(int row, ReadOnlySpan<double> margins, Span<double> gradient, Span<double> hessian)
    {
        double y = _labels[row];
        if (double.IsNaN(y)) { gradient.Clear(); hessian.Clear(); return; }
        if (_task == ModelTask.Regression) { gradient[0] = margins[0] - y; hessian[0] = 1; return; }
        if (_task == ModelTask.Multiclass && _scoring == ClassScoring.Softmax)
        {
            double max = double.NegativeInfinity, sum = 0;
            foreach (var m in margins) max = Math.Max(max, m);
            for (int k = 0; k < Outputs; k++) { gradient[k] = Math.Exp(margins[k] - max); sum += gradient[k]; }
            for (int k = 0; k < Outputs; k++)
            {
                double p = gradient[k] / sum;
                gradient[k] = p - (k == (int)y ? 1 : 0);
                hessian[k] = Math.Max(p * (1 - p), 1e-16);
            }
            return;
        }
        // Binary, or one binary problem per class: d/dm of log-loss(σ(A·m + B)) is A·(p − y), the hessian A²·p·(1 − p).
        for (int k = 0; k < Outputs; k++)
        {
            double target = _task == ModelTask.Binary ? y : k == (int)y ? 1 : 0;
            var (a, b) = _logistic[k];
            double p = 1 / (1 + Math.Exp(-(a * margins[k] + b)));
            gradient[k] = a * (p - target);
            hessian[k] = Math.Max(a * a * p * (1 - p), 1e-16);
        }
    }

    /// <summary>The mean loss over the labelled rows, given every row's margins (row-major, one per output).</summary>
    public double Mean(ReadOnlySpan<double> margins)
    {
        double sum = 0; int counted = 0;
        for (int r = 0; r < Rows; r++)
        {
            double y = _labels[r];
            if (double.IsNaN(y)) continue;
            counted++;
            sum += RowLoss(margins.Slice(r * Outputs, Outputs), y);
        }
        return counted > 0 ? sum / counted : double.NaN;
    }

    /// <summary>The mean loss of <paramref name="ensemble"/> on <paramref name="rows"/> (prepared vectors, row-major).</summary>
    public double Mean(CompiledEnsemble ensemble, ReadOnlySpan<float> rows) => Mean(Margins(ensemble, rows));

    /// <summary>Every row's raw outputs, row-major (one per output).</summary>
    public static double[] Margins(CompiledEnsemble ensemble, ReadOnlySpan<float> rows)
    {
        int f = ensemble.FeatureCount, k = ensemble.Outputs.Count, n = rows.Length / f;
        var margins = new double[n * k];
        for (int r = 0; r < n; r++)
            for (int o = 0; o < k; o++) margins[r * k + o] = ensemble.Outputs[o].Output(rows.Slice(r * f, f));
        return margins;
    }

    private double RowLoss(ReadOnlySpan<double> m, double y)
    {
        if (_task == ModelTask.Regression) return 0.5 * (m[0] - y) * (m[0] - y);
        if (_task == ModelTask.Multiclass && _scoring == ClassScoring.Softmax)
        {
            double max = double.NegativeInfinity, sum = 0;
            foreach (var v in m) max = Math.Max(max, v);
            foreach (var v in m) sum += Math.Exp(v - max);
            return Math.Log(sum) + max - m[(int)y];
        }
        double loss = 0;
        for (int k = 0; k < Outputs; k++)
        {
            double target = _task == ModelTask.Binary ? y : k == (int)y ? 1 : 0;
            var (a, b) = _logistic[k];
            double z = a * m[k] + b;
            // log(1 + e^z) − target·z, written so that neither branch overflows.
            loss += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - target * z;
        }
        return loss;
    }
}
