using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Gpu;
using Workbooks.ModelOps.Training;

namespace Workbooks.Tests.Training;

/// <summary>Small seeded data for the trainer tests (seconds on 2 cores, also on ILGPU's CPU accelerator).</summary>
internal static class TrainingFixtures
{
    /// <summary>Rows of <paramref name="columns"/> features in [0, 1) and a target from a known model: a logistic
    /// draw (binary), the arg-max of three linear scores (multiclass) or a noisy linear value (regression).</summary>
    public static TrainingData Synthetic(int rows, int columns, string task, int seed = 7)
    {
        var random = new Random(seed);
        var x = new float[rows * columns]; var y = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            double s0 = 0, s1 = 0, s2 = 0;
            for (int c = 0; c < columns; c++)
            {
                float v = (float)random.NextDouble();
                x[r * columns + c] = v;
                s0 += (c % 2 == 0 ? 2.0 : -1.5) * v; s1 += (c % 3 == 0 ? 1.0 : -1.0) * v; s2 += 0.5 * v;
            }
            y[r] = task switch
            {
                "binary" => random.NextDouble() < 1 / (1 + Math.Exp(-(s0 - 0.2))) ? 1 : 0,
                "multiclass" => s0 > s1 && s0 > s2 ? 0 : s1 > s2 ? 1 : 2,
                _ => (float)(s0 + 0.1 * (random.NextDouble() - 0.5)),
            };
        }
        return new TrainingData(x, y, columns);
    }

    /// <summary>A table with numeric features a, b, c and binary label "label" and numeric target "value".</summary>
    public static Table SyntheticTable(int rows, int seed = 3)
    {
        var random = new Random(seed);
        double[] a = new double[rows], b = new double[rows], c = new double[rows], value = new double[rows];
        var label = new string?[rows];
        for (int i = 0; i < rows; i++)
        {
            a[i] = random.NextDouble() * 10; b[i] = random.NextDouble() - 0.5; c[i] = random.NextDouble() < 0.1 ? double.NaN : random.NextDouble() * 3;
            double s = 0.6 * a[i] - 4 * b[i] + (double.IsNaN(c[i]) ? 1 : c[i]) - 4;
            label[i] = random.NextDouble() < 1 / (1 + Math.Exp(-s)) ? "yes" : "no";
            value[i] = s + random.NextDouble();
        }
        return new Table([TableColumn.Numerical("a", a), TableColumn.Numerical("b", b), TableColumn.Numerical("c", c),
            TableColumn.Categorical("label", label), TableColumn.Numerical("value", value)], "synthetic");
    }

    private static readonly Lazy<GpuDevice> Emulated = new(() => GpuDevice.Open(DeviceChoice.CpuAccelerator));

    /// <summary>ILGPU's CPU accelerator, opened once per test run (kernels compile once).</summary>
    public static GpuDevice CpuAccelerator => Emulated.Value;
}
