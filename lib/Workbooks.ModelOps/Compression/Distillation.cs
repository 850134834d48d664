using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Compression;

/// <summary>Settings of <see cref="Distillation.Distill"/>: the student's size and how much perturbed data it sees.</summary>
public sealed record DistillationOptions
{
    /// <summary>Trees of the student (per class for multiclass).</summary>
    public int Trees { get; init; } = 20;
    public int Leaves { get; init; } = 8;
    /// <summary>Perturbed copies of the rows added to them (0: the rows alone).</summary>
    public int Copies { get; init; } = 2;
    /// <summary>Chance that a value of a copy is replaced by the same feature of another random row.</summary>
    public double SwapProbability { get; init; } = 0.3;
    public int Seed { get; init; } = 1;
}

/// <summary>
/// Knowledge distillation of a tree ensemble into a smaller one: the student (FastTree regression) learns the
/// teacher's raw outputs (log-odds, class margins or values), not the labels, so it copies the teacher's function
/// where the data lie. The rows are the teacher's prepared feature vectors plus perturbed copies (each value swapped,
/// with some chance, for the same feature of another random row: new combinations inside each feature's own range),
/// which shows the student the teacher's answers between the training rows. The student keeps the teacher's
/// calibration and class formula.
/// </summary>
public static class Distillation
{
    /// <summary>A student of <paramref name="teacher"/> trained on <paramref name="rows"/> (prepared vectors, row-major) and their perturbed copies.</summary>
    public static CompiledEnsemble Distill(CompiledEnsemble teacher, float[] rows, DistillationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(teacher); ArgumentNullException.ThrowIfNull(rows);
        options ??= new DistillationOptions();
        int f = teacher.FeatureCount, n = rows.Length / f;
        if (n < 10) throw new ArgumentException($"{n} rows; distillation needs at least 10.", nameof(rows));
        var x = Augment(rows, n, f, options);
        int total = x.Length / f;
        var columns = Enumerable.Range(0, f).Select(j =>
        {
            var v = new double[total];
            for (int r = 0; r < total; r++) v[r] = x[r * f + j];
            return TableColumn.Numerical($"f{j}", v);
        }).ToList();
        var table = new Table(columns, "distillation rows");
        var names = columns.Select(c => c.Name).ToArray();
        var students = new List<TreeEnsembleArrays>();
        for (int k = 0; k < teacher.Outputs.Count; k++)
        {
            var target = new double[total];
            for (int r = 0; r < total; r++) target[r] = teacher.RawScore(x.AsSpan(r * f, f), k);
            var student = TrainedModel.TrainRegression(table, names, target,
                new FastTreeOptions { Trees = options.Trees, Leaves = options.Leaves, Seed = options.Seed, MinimumRowsPerLeaf = 10 });
            var (ensemble, _) = TreeModelReader.Compile(student);
            CheckIdentityPreparation(student, table, x, f);
            students.Add(ensemble.Outputs[0]);
        }
        return teacher.With(students);
    }

    // The student's trees index its own prepared vector; it must be the columns f0.. as given (no missing values to
    // replace, no scaling), so its feature j is the teacher's feature j.
    private static void CheckIdentityPreparation(TrainedModel student, Table table, float[] x, int f)
    {
        var compiled = CompiledModel.Compile(student);
        if (compiled.Scorer.FeatureCount != f) throw new InvalidOperationException($"The student prepares {compiled.Scorer.FeatureCount} features, not {f}.");
        var prepared = compiled.Prepare(table);
        var v = new float[f];
        for (int r = 0; r < Math.Min(20, table.RowCount); r++)
        {
            prepared.Read(r, v);
            if (!v.AsSpan().SequenceEqual(x.AsSpan(r * f, f))) throw new InvalidOperationException($"The student's feature preparation changes row {r}; its trees would not read the teacher's features.");
        }
    }

    /// <summary>The rows followed by their perturbed copies (see the class summary), row-major.</summary>
    internal static float[] Augment(float[] rows, int n, int f, DistillationOptions o)
    {
        var random = new SeededRandom((ulong)o.Seed);
        var x = new float[(long)n * f * (1 + o.Copies)];
        rows.AsSpan(0, n * f).CopyTo(x);
        for (int c = 1; c <= o.Copies; c++)
            for (int r = 0; r < n; r++)
                for (int j = 0; j < f; j++)
                    x[(c * n + r) * f + j] = random.Chance(o.SwapProbability) ? rows[random.NextInt(n) * f + j] : rows[r * f + j];
        return x;
    }
}
