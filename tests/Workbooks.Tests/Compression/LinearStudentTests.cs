using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;
using Workbooks.ModelOps.Models;
using Xunit;

namespace Workbooks.Tests.Compression;

public class LinearStudentTests
{
    // A tree ensemble that is exactly linear in 0/1 features: one stump per feature, x_j ≤ 0.5 gives 0 and otherwise
    // w_j (the first stump's leaves also carry the bias). Its linear student must be that linear function.
    private static TreeEnsembleArrays Stumps(double[] w, double bias)
    {
        int f = w.Length;
        var leaf = new double[2 * f];
        for (int j = 0; j < f; j++) { leaf[2 * j] = j == 0 ? bias : 0; leaf[2 * j + 1] = w[j] + (j == 0 ? bias : 0); }
        return new TreeEnsembleArrays([.. Enumerable.Range(0, f)], [.. Enumerable.Range(0, f)], [.. Enumerable.Repeat(0.5f, f)],
            [.. Enumerable.Range(0, f).Select(j => ~(2 * j))], [.. Enumerable.Range(0, f).Select(j => ~(2 * j + 1))], leaf, [0], []);
    }

    private static float[] BinaryRows(int n, int f, int seed)
    {
        var random = new SeededRandom(seed);
        return [.. Enumerable.Range(0, n * f).Select(_ => random.NextDouble() < 0.4 ? 1f : 0f)];
    }

    [Fact]
    public void A_teacher_linear_in_its_features_is_recovered()
    {
        double[] w1 = [1.5, -2, 0.25, 3, 0, -0.75], w2 = [-1, 0.5, 2, 0, 1, 0.3];
        var teacher = new CompiledEnsemble(ModelTask.Multiclass, 6, [Stumps(w1, 0.4), Stumps(w2, -1.2)], [null, null], ClassScoring.Softmax);
        var rows = BinaryRows(400, 6, 7);
        var exact = LinearStudent.Distill(teacher, rows, ridge: 0);
        var ridged = LinearStudent.Distill(teacher, rows);      // ridge 1e-3 moves each weight by about 0.1% of the weights
        var weights = ((DenseWeights)exact.Weights).Values;
        var ridgedWeights = ((DenseWeights)ridged.Weights).Values;
        for (int j = 0; j < 6; j++)
        {
            Assert.Equal(w1[j], weights[j], 1e-4);
            Assert.Equal(w2[j], weights[6 + j], 1e-4);
            Assert.Equal(w1[j], ridgedWeights[j], 0.01 * Math.Abs(w1[j]) + 0.005);
        }
        Assert.Equal(0.4, exact.Bias[0], 1e-4);
        Assert.Equal(-1.2, exact.Bias[1], 1e-4);
        // The teacher's class formula is kept: the student's class scores are the teacher's.
        Span<float> a = stackalloc float[2], b = stackalloc float[2];
        for (int r = 0; r < 20; r++)
        {
            teacher.Score(rows.AsSpan(r * 6, 6), a);
            exact.Score(rows.AsSpan(r * 6, 6), b);
            Assert.Equal(a[0], b[0], 1e-4);
            Assert.Equal(a[1], b[1], 1e-4);
        }
    }

    [Fact]
    public void A_teacher_that_is_not_linear_is_not_recovered_exactly()
    {
        // The check can fail: x0 AND x1 (one tree of depth 2) has no exact linear form, so the least-squares fit misses.
        var and = new TreeEnsembleArrays([0], [0, 1], [0.5f, 0.5f], [~0, ~1], [1, ~2], [0, 0, 5], [0], []);
        var teacher = new CompiledEnsemble(ModelTask.Regression, 2, [and], [null]);
        var rows = BinaryRows(400, 2, 3);
        var student = LinearStudent.Distill(teacher, rows, ridge: 0);
        double worst = Enumerable.Range(0, 400).Max(r => Math.Abs(teacher.Score(rows.AsSpan(r * 2, 2)) - Score(student, rows.AsSpan(r * 2, 2))));
        Assert.True(worst > 0.5, $"worst error {worst}");
    }

    private static float Score(IPreparedScorer s, ReadOnlySpan<float> x)
    {
        Span<float> one = stackalloc float[1];
        s.Score(x, one);
        return one[0];
    }

    [Theory]
    [InlineData("adult")]
    [InlineData("insects")]
    [InlineData("bike")]
    public void The_student_saves_and_loads_to_equal_scores(string name)
    {
        var c = CompressionModels.ByName(name);
        var compiled = CompiledModel.Compile(c.Model);
        var rows = compiled.Prepare(c.HeldOut.Slice(0, 500)).ReadAll();
        var student = compiled.With(LinearStudent.Distill(compiled.Ensemble, rows), "distill", "linear student");
        var path = Path.Combine(Path.GetTempPath(), $"wb-linear-student-{Guid.NewGuid():N}.zip");
        try
        {
            student.Save(path);
            var loaded = CompressedModel.Load(path);
            Assert.Equal(LinearScorer.KindName, loaded.Scorer.Kind);
            Assert.Equal(student.Predict(c.HeldOut), loaded.Predict(c.HeldOut));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Bad_input_is_refused_naming_it()
    {
        var teacher = new CompiledEnsemble(ModelTask.Regression, 2, [Stumps([1, 2], 0)], [null]);
        Assert.Contains("ridge", Assert.Throws<ArgumentException>(() => LinearStudent.Distill(teacher, BinaryRows(100, 2, 1), ridge: -1)).Message);
        Assert.Contains("at least 10", Assert.Throws<ArgumentException>(() => LinearStudent.Distill(teacher, BinaryRows(5, 2, 1))).Message);
        var nan = BinaryRows(100, 2, 1);
        nan[7] = float.NaN;
        Assert.Contains("Prepared feature 1", Assert.Throws<NotSupportedException>(() => LinearStudent.Distill(teacher, nan)).Message);
    }
}
