using MathNet.Numerics.LinearAlgebra;

namespace Workbooks.ModelOps.Compression;

/// <summary>
/// Distillation of a tree ensemble into a linear model on the teacher's own prepared features: per output, ridge
/// regression of the teacher's raw outputs over the fit rows and their perturbed copies (the rows
/// <see cref="Distillation"/> uses). The student is a <see cref="LinearScorer"/> with the teacher's calibration and
/// class formula, so it predicts, saves and loads as the other linear variants do. It is as small as a model gets
/// (one weight per feature and output) and as good as the teacher is close to additive-linear in its features.
/// </summary>
public static class LinearStudent
{
    /// <summary>A linear student of <paramref name="teacher"/> fitted on <paramref name="rows"/> (prepared vectors,
    /// row-major) and <see cref="DistillationOptions.Copies"/> perturbed copies. <paramref name="ridge"/> is the L2
    /// penalty per row on the weights of standardised features (a feature's weight is shrunk by about ridge / (1 + ridge)).</summary>
    public static LinearScorer Distill(CompiledEnsemble teacher, float[] rows, DistillationOptions? options = null, double ridge = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(teacher); ArgumentNullException.ThrowIfNull(rows);
        options ??= new DistillationOptions();
        if (!(ridge >= 0)) throw new ArgumentException($"The ridge penalty must be a number >= 0, not {ridge}.", nameof(ridge));
        int f = teacher.FeatureCount, n = rows.Length / f, outputs = teacher.Outputs.Count;
        if (n < 10) throw new ArgumentException($"{n} rows; distillation needs at least 10.", nameof(rows));
        var x = Distillation.Augment(rows, n, f, options);
        int total = x.Length / f;
        for (int i = 0; i < x.Length; i++)
            if (!float.IsFinite(x[i])) throw new NotSupportedException($"Prepared feature {i % f} holds {x[i]} in row {i / f}; a linear student needs finite values.");

        // Standardise so one ridge penalty means the same for every feature; a constant feature gets weight 0.
        var mean = new double[f]; var scale = new double[f];
        for (int j = 0; j < f; j++)
        {
            double s = 0, ss = 0;
            for (int r = 0; r < total; r++) { double v = x[r * f + j]; s += v; ss += v * v; }
            mean[j] = s / total;
            double sd = Math.Sqrt(Math.Max(0, ss / total - mean[j] * mean[j]));
            scale[j] = sd > 1e-12 * Math.Max(1, Math.Abs(mean[j])) ? sd : 0;
        }
        var z = Matrix<double>.Build.Dense(total, f, (r, j) => scale[j] == 0 ? 0 : (x[r * f + j] - mean[j]) / scale[j]);
        var gram = z.TransposeThisAndMultiply(z) + Matrix<double>.Build.DenseIdentity(f) * (ridge * total);
        for (int j = 0; j < f; j++) if (scale[j] == 0) gram[j, j] = 1;   // an all-zero column: its weight solves to 0
        var cholesky = gram.Cholesky();

        var weights = new float[outputs * f];
        var bias = new float[outputs];
        for (int k = 0; k < outputs; k++)
        {
            var target = Vector<double>.Build.Dense(total, r => teacher.Outputs[k].Output(x.AsSpan(r * f, f)));
            double centre = target.Average();
            var beta = cholesky.Solve(z.TransposeThisAndMultiply(target - centre));
            double b = centre;
            for (int j = 0; j < f; j++)
            {
                double w = scale[j] == 0 ? 0 : beta[j] / scale[j];
                weights[k * f + j] = (float)w;
                b -= w * mean[j];
            }
            bias[k] = (float)b;
        }
        return new LinearScorer(teacher.Task, new DenseWeights(outputs, f, weights), bias, teacher.Calibration, teacher.ClassScoring);
    }
}
