using System.Security.Cryptography;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Monitoring;
using Workbooks.Serving.Rows;

namespace Workbooks.Serving.Hosting;

/// <summary>
/// A <see cref="TrainedModel"/> as one version of a service: its name and version (in every response, cache key and
/// metric) and a one-row predictor per thread. Each thread owns a one-row table whose values it overwrites and an
/// ML.NET row mapper bound to it (<see cref="TrainedModel.CreatePredictor"/>), so a request costs one mapper call,
/// not a new table and data view.
/// </summary>
public sealed class ServedModel
{
    private readonly ThreadLocal<Slot> _slots;

    private sealed class Slot(double[][] numbers, string?[][] labels, Func<int, PredictionView> predict)
    {
        public readonly double[][] Numbers = numbers;
        public readonly string?[][] Labels = labels;
        public readonly Func<int, PredictionView> Predict = predict;
    }

    public ServedModel(TrainedModel model, string name, string version)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(version)) throw new ArgumentException("A served model needs a name and a version: they tag every answer, cache key and metric.");
        Name = name; Version = version;
        KeyPrefix = RowKey.Prefix(name, version);
        _slots = new ThreadLocal<Slot>(NewSlot);
    }

    /// <summary>Tests: a version whose predictions come from <paramref name="predict"/> (a model that throws, a slow one).</summary>
    internal ServedModel(TrainedModel model, string name, string version, Func<ServedRow, PredictionView> predict) : this(model, name, version) =>
        _override = predict;

    private readonly Func<ServedRow, PredictionView>? _override;

    public TrainedModel Model { get; }
    public string Name { get; }
    public string Version { get; }
    public IReadOnlyList<ModelColumn> Schema => Model.Schema;
    /// <summary>The start of this version's cache keys (<see cref="RowKey.Prefix"/>).</summary>
    public string KeyPrefix { get; }

    /// <summary>Loads a model file; its version is the first 12 hex digits of the file's SHA-256, so replacing the file
    /// with other content gives a new version (and new cache keys).</summary>
    public static ServedModel LoadFile(string path, string? name = null)
    {
        string version;
        using (var stream = File.OpenRead(path)) version = "sha-" + Convert.ToHexStringLower(SHA256.HashData(stream))[..12];
        return new ServedModel(TrainedModel.Load(path), name ?? Path.GetFileNameWithoutExtension(path), version);
    }

    /// <summary>The model's prediction for one row (thread-safe).</summary>
    public PredictionView Predict(ServedRow row)
    {
        if (!ReferenceEquals(row.Schema, Model.Schema) && !row.Schema.SequenceEqual(Model.Schema))
            throw new ArgumentException($"The row was read for another schema than model {Name}:{Version}'s.");
        if (_override is not null) return _override(row);
        var slot = _slots.Value!;
        for (int i = 0; i < row.Schema.Count; i++)
        {
            if (row.Schema[i].Kind == ColumnKind.Numerical) slot.Numbers[i][0] = row.Numbers[i];
            else slot.Labels[i][0] = row.Labels[i];
        }
        return slot.Predict(0);
    }

    private Slot NewSlot()
    {
        var schema = Model.Schema;
        var numbers = new double[schema.Count][];
        var labels = new string?[schema.Count][];
        var columns = new TableColumn[schema.Count];
        for (int i = 0; i < schema.Count; i++)
        {
            if (schema[i].Kind == ColumnKind.Numerical) columns[i] = TableColumn.Numerical(schema[i].Name, numbers[i] = [double.NaN]);
            else columns[i] = TableColumn.Categorical(schema[i].Name, labels[i] = [null]);
        }
        var table = new Table(columns, $"request to {Name}:{Version}");
        return new Slot(numbers, labels, Model.CreatePredictor(table));
    }

    public override string ToString() => $"{Name}:{Version}";
}
