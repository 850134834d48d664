using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring;

namespace Workbooks.ModelOps.Onnx;

/// <summary>
/// A model exported to ONNX with ML.NET's own converter (Microsoft.ML.OnnxConverter: the feature preparation and
/// the trainer together) and scored by ONNX Runtime. Inputs are the model's table columns by name, one [1, 1]
/// tensor each (float or string); the score is read from the exported Score (regression, multiclass) or
/// Probability (binary) output.
/// </summary>
public sealed class OnnxModel : IPredictiveModel, IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _scoreOutput;
    private readonly string[] _outputs;   // the score, and for a binary model the predicted label

    private OnnxModel(TrainedModel model, byte[] onnx)
    {
        Model = model; Bytes = onnx;
        _session = new InferenceSession(onnx);
        string wanted = model.Task == ModelTask.Binary ? "Probability" : "Score";
        _scoreOutput = _session.OutputMetadata.Keys.FirstOrDefault(k => k == wanted || k.StartsWith(wanted + ".", StringComparison.Ordinal))
            ?? throw new NotSupportedException($"The ONNX export of '{model.Source}' has no {wanted} output (outputs: {string.Join(", ", _session.OutputMetadata.Keys)}).");
        var label = _session.OutputMetadata.Keys.FirstOrDefault(k => k == "PredictedLabel" || k.StartsWith("PredictedLabel.", StringComparison.Ordinal));
        _outputs = model.Task == ModelTask.Binary && label is not null ? [_scoreOutput, label] : [_scoreOutput];
    }

    public TrainedModel Model { get; }
    public ModelTask Task => Model.Task;
    public IReadOnlyList<ModelColumn> Schema => Model.Schema;
    public IReadOnlyList<string> Classes => Model.Classes;
    public string Source => $"{Model.Source}, exported to ONNX";
    /// <summary>The ONNX file's bytes.</summary>
    public byte[] Bytes { get; }

    /// <summary>Exports <paramref name="model"/> (ML.NET needs rows of <paramref name="sample"/> to trace its schema).</summary>
    public static OnnxModel Export(TrainedModel model, Table sample)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.CheckColumns(sample);
        using var stream = new MemoryStream();
        new MLContext(1).Model.ConvertToOnnx(model.Transformer, new TableDataView(sample, model.InputSchema), stream);
        return new OnnxModel(model, stream.ToArray());
    }

    /// <summary>The prediction for row <paramref name="row"/> of <paramref name="table"/>: the score as <see cref="TrainedModel"/> gives it (binary: P(positive), multiclass: the highest class score with its class).</summary>
    public PredictionView Predict(Table table, int row)
    {
        var inputs = new List<NamedOnnxValue>();
        foreach (var c in Model.Schema)
        {
            var column = table[c.Name];
            inputs.Add(c.Kind == ColumnKind.Numerical
                ? NamedOnnxValue.CreateFromTensor(c.Name, new DenseTensor<float>(new[] { (float)column.RequireNumbers()[row] }, [1, 1]))
                : NamedOnnxValue.CreateFromTensor(c.Name, new DenseTensor<string>(new[] { column.AsLabels()[row] ?? "" }, [1, 1])));
        }
        using var results = _session.Run(inputs, _outputs);
        var scores = results.First().AsEnumerable<float>().ToArray();
        if (Model.Task == ModelTask.Regression) return new PredictionView(null, scores[0]);
        if (Model.Task == ModelTask.Binary)
            return new PredictionView(_outputs.Length > 1 && results.Last().AsEnumerable<bool>().First() ? Model.Classes[1] : Model.Classes[0], scores[0]);
        int best = 0;
        for (int i = 1; i < scores.Length; i++) if (scores[i] > scores[best]) best = i;
        return new PredictionView(Model.Classes[best], scores[best]);
    }

    /// <summary>A single-row predictor of <paramref name="table"/> (ONNX Runtime's session is thread-safe).</summary>
    public Func<int, PredictionView> CreatePredictor(Table table)
    {
        Model.CheckColumns(table);
        return row => Predict(table, row);
    }

    /// <summary>Every row, one ONNX Runtime call each (the exported graph takes [1, 1] inputs).</summary>
    public PredictionView[] Predict(Table table)
    {
        var predict = CreatePredictor(table);
        return Enumerable.Range(0, table.RowCount).Select(predict).ToArray();
    }

    /// <summary>Writes the .onnx file (a temporary sibling renamed into place). Scoring it needs the model's columns:
    /// <see cref="Load"/> takes them from the original.</summary>
    public void Save(string path) => AtomicFile.WriteAllBytes(Path.GetFullPath(path), Bytes);

    /// <summary>An .onnx file written by <see cref="Save"/>, with the columns and classes of <paramref name="original"/>.</summary>
    public static OnnxModel Load(string path, TrainedModel original) => new(original, File.ReadAllBytes(path));

    public void Dispose() => _session.Dispose();
}
