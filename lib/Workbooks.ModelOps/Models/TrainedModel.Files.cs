using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Reporting;
using Workbooks.ModelOps.Training;

namespace Workbooks.ModelOps.Models;

public sealed partial class TrainedModel
{
    /// <summary>The manifest's entry inside the model zip; ML.NET's loader ignores entries it does not know, so the
    /// file stays a plain ML.NET model too.</summary>
    public const string ManifestEntry = "workbooks/manifest.json";

    private sealed record Manifest(int Format, ModelTask Task, string? Label, IReadOnlyList<ModelColumn> Schema, IReadOnlyList<string> Classes,
        TrainerOptions? Trainer, int TrainingRows, IReadOnlyDictionary<string, double> Metrics, string Source);

    /// <summary>The manifest as the zip entry's UTF-8 bytes (indented), in the library's one JSON style.</summary>
    internal static byte[] ManifestBytes<T>(T manifest) => Encoding.UTF8.GetBytes(JsonText.Serialize(manifest, indented: true));

    /// <summary>Reads a manifest entry; bad JSON is an <see cref="InvalidDataException"/> naming the entry and field.</summary>
    internal static T ReadManifest<T>(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return JsonText.Deserialize<T>(reader.ReadToEnd(), entry.FullName);
    }

    /// <summary>The network with hidden layers that scores the prepared features, or null when an ML.NET predictor does.</summary>
    public TrainedNetwork? Network => SplitNetwork().Network?.Network;

    /// <summary>The transforms before a network with hidden layers, and the network (the chain's last step); for any
    /// other model the whole transformer and null.</summary>
    internal (ITransformer Preparation, NetworkTransformer? Network) SplitNetwork() =>
        Transformer is TransformerChain<ITransformer> { LastTransformer: NetworkTransformer network } chain
            ? (new TransformerChain<ITransformer>([.. chain.SkipLast(1)]), network)
            : (Transformer, null);

    /// <summary>Writes the model as one file: the ML.NET zip (transformer and input schema) with the manifest (task,
    /// schema, classes, trainer and hyperparameters, metrics) inside. A network with hidden layers, which ML.NET cannot
    /// save, is written as <see cref="TrainedNetwork.ShapeEntry"/> and <see cref="TrainedNetwork.WeightsEntry"/> beside
    /// the ML.NET zip of its feature preparation. The file appears complete or not at all.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] mlnet;
        var (saved, network) = SplitNetwork();
        using (var plain = new MemoryStream()) { _ml.Model.Save(saved, _inputSchema, plain); mlnet = plain.ToArray(); }
        using var file = new MemoryStream();
        file.Write(mlnet);
        using (var zip = new ZipArchive(file, ZipArchiveMode.Update, leaveOpen: true))
        {
            using (var entry = zip.CreateEntry(ManifestEntry).Open())
                entry.Write(ManifestBytes(new Manifest(1, Task, Label, Schema, Classes, Trainer, TrainingRows, Metrics, Source)));
            network?.Network.Write(zip);
        }
        AtomicFile.WriteAllBytes(Path.GetFullPath(path), file.ToArray());
    }

    /// <summary>Loads a model written by <see cref="Save"/>, or a plain ML.NET zip (saved with <c>mlContext.Model.Save</c>):
    /// then the task comes from its outputs (Score: regression; PredictedLabel true/false: binary, with classes
    /// "False"/"True" until <see cref="WithClasses"/>), the schema is the input columns those outputs need, and the
    /// trainer is unknown. A missing file is a <see cref="FileNotFoundException"/>, anything else unreadable an
    /// <see cref="InvalidDataException"/>, both naming the file.</summary>
    public static TrainedModel Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No model file '{path}'.", path);
        Manifest? manifest;
        TrainedNetwork? network;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            manifest = zip.GetEntry(ManifestEntry) is { } entry ? ReadManifest<Manifest>(entry) : null;
            network = TrainedNetwork.Read(zip, path);
            if (network is not null && manifest is null) throw new InvalidDataException($"'{path}' has a network ({TrainedNetwork.ShapeEntry}) but no {ManifestEntry}.");
        }
        catch (InvalidDataException e) when (e.Message.StartsWith('\''))
        {
            throw;   // already names the file
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or EndOfStreamException)
        {
            throw new InvalidDataException($"'{path}' is not a model file (an ML.NET zip): {e.Message}", e);
        }
        var ml = new MLContext(manifest?.Trainer?.Seed ?? 1);
        ITransformer transformer;
        DataViewSchema input;
        try { transformer = ml.Model.Load(path, out input); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}' is not an ML.NET model zip: {e.Message}", e);
        }
        if (network is not null) transformer = WithNetwork(ml, transformer, input, network, path);
        if (manifest is not null)
            return new TrainedModel(ml, transformer, input, manifest.Task, manifest.Label, manifest.Schema, manifest.Classes, manifest.Trainer,
                manifest.TrainingRows, manifest.Metrics, path);
        var task = PlainTask(transformer, input, path);
        var schema = ColumnsNeeded(transformer, input, OutputsOf(transformer, input, task, path));
        return new TrainedModel(ml, transformer, input, task, null, schema, task == ModelTask.Binary ? ["False", "True"] : [], null, 0,
            new Dictionary<string, double>(), path);
    }

    // The loaded feature preparation followed by the saved network, checked to give the features the network reads.
    private static ITransformer WithNetwork(MLContext ml, ITransformer preparation, DataViewSchema input, TrainedNetwork network, string path)
    {
        var prepared = preparation.GetOutputSchema(input);
        var features = prepared.GetColumnOrNull(FeaturesColumn)?.Type;
        if (features is not VectorDataViewType { IsKnownSize: true } vector || vector.Size != network.Shape.Inputs)
            throw new InvalidDataException($"'{path}': the network ({TrainedNetwork.ShapeEntry}) reads {network.Shape.Inputs} prepared features; " +
                $"the feature preparation gives {(features is null ? $"no column {FeaturesColumn}" : features.ToString())}.");
        return new TransformerChain<ITransformer>(preparation, new NetworkTransformer(ml, network, FeaturesColumn, prepared));
    }

    private static ModelTask PlainTask(ITransformer transformer, DataViewSchema input, string path)
    {
        if (!transformer.IsRowToRowMapper) throw new InvalidDataException($"The model '{path}' cannot predict one row at a time.");
        var outputs = transformer.GetOutputSchema(input);
        if (outputs.GetColumnOrNull("PredictedLabel") is { } label)
            return label.Type is BooleanDataViewType ? ModelTask.Binary
                : label.Type is TextDataViewType ? ModelTask.Multiclass
                : throw new InvalidDataException($"The model '{path}' gives PredictedLabel as {label.Type}; map it to text (MapKeyToValue) or save it with TrainedModel.Save.");
        if (outputs.GetColumnOrNull("Score") is { } score && score.Type == NumberDataViewType.Single) return ModelTask.Regression;
        throw new InvalidDataException($"The model '{path}' has neither a Score (regression) nor a PredictedLabel (classification) output (outputs: {string.Join(", ", outputs.Select(c => $"{c.Name}:{c.Type}"))}).");
    }

    // The input columns the outputs depend on: what a table must have. Unread inputs (a training label) are left out.
    private static IReadOnlyList<ModelColumn> ColumnsNeeded(ITransformer transformer, DataViewSchema input, IReadOnlyList<string> outputs)
    {
        var mapper = transformer.GetRowToRowMapper(input);
        return mapper.GetDependencies(outputs.Select(n => mapper.OutputSchema[n]))
            .Select(c => new ModelColumn(c.Name, c.Type is TextDataViewType or BooleanDataViewType ? ColumnKind.Categorical : ColumnKind.Numerical))
            .ToList();
    }
}
