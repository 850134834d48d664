using System.CommandLine;
using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Gpu;
using Workbooks.ModelOps.Registry;
using Workbooks.ModelOps.Training;
using Workbooks.ModelOps.Tuning;
using Workbooks.Walkthroughs;
using Workbooks.Notebooks.Reports;

namespace Workbooks.Cli.Verbs;

/// <summary>
/// <c>workbooks train --dataset NAME --trainer logistic|softmax|linear|mlp [--hidden 64,32] [--epochs N]
/// [--device auto|cpu|gpu] [--json FILE|-] [--registry DIR --name NAME]</c>: trains a gradient model on a catalog
/// dataset on the CPU path or a GPU, and prints the device, epochs, time and validation metric.
/// </summary>
public sealed class TrainVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var dataset = new Option<string>("--dataset") { Description = $"A catalog dataset ({string.Join(", ", DatasetCatalog.Names)}).", Required = true };
        var trainer = new Option<string>("--trainer") { Description = "logistic (binary), softmax (multiclass), linear (regression) or mlp (any).", Required = true };
        var hidden = new Option<string?>("--hidden") { Description = "Hidden layer widths of an mlp, e.g. 64,32 (1 to 3 layers; default 64)." };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs (early stopping may end sooner).", DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch") { Description = "Minibatch rows.", DefaultValueFactory = _ => 256 };
        var device = new Option<string>("--device") { Description = "auto (CUDA when found, else CPU), cpu or gpu.", DefaultValueFactory = _ => "auto" };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, initialisation and shuffling.", DefaultValueFactory = _ => 1 };
        var json = new Option<string?>("--json") { Description = "Write the JSON result to this file, or to standard output with '-'." };
        var registry = new Option<string?>("--registry") { Description = "Register the model in this model registry folder (with --name)." };
        var name = new Option<string?>("--name") { Description = "The registered model's name (with --registry)." };
        var command = new Command("train", "Train a logistic, softmax, linear or MLP model with minibatch gradients on the CPU path or a GPU.");
        foreach (var o in new Option[] { dataset, trainer, hidden, epochs, batch, device, seed, json, registry, name }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string datasetName = parse.GetValue(dataset)!, kind = parse.GetValue(trainer)!;
            if (!DatasetCatalog.Names.Contains(datasetName)) throw new BadInputException($"--dataset: no catalog dataset '{datasetName}'; use one of {string.Join(", ", DatasetCatalog.Names)}.");
            if (!GradientTraining.Trainers.Contains(kind)) throw new BadInputException($"--trainer: '{kind}' is not one of {string.Join(", ", GradientTraining.Trainers)}.");
            var choice = parse.GetValue(device) switch
            {
                "auto" => DeviceChoice.Auto, "cpu" => DeviceChoice.Cpu, "gpu" => DeviceChoice.Gpu,
                var d => throw new BadInputException($"--device: '{d}' is not auto, cpu or gpu."),
            };
            int[] widths = [];
            if (parse.GetValue(hidden) is { } h)
            {
                try { widths = h.Split(',', StringSplitOptions.TrimEntries).Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray(); }
                catch (FormatException) { throw new BadInputException($"--hidden: '{h}' is not a comma-separated list of widths such as 64,32."); }
            }
            string? registryDir = parse.GetValue(registry), modelName = parse.GetValue(name);
            if ((registryDir is null) != (modelName is null)) throw new BadInputException("Give --registry DIR and --name NAME together.");
            if (modelName is not null)
            {
                try { ModelReference.CheckName(modelName); }
                catch (FormatException e) { throw new BadInputException($"--name: {e.Message}"); }
            }
            TrainingRun run;
            try
            {
                var options = new NetworkOptions { Hidden = widths, Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), Seed = parse.GetValue(seed) };
                options.Check();
                if (!GradientTraining.Trainers.Contains(kind)) throw new ArgumentException($"--trainer: '{kind}' is not one of {string.Join(", ", GradientTraining.Trainers)}.");
                run = GradientTraining.Train(TuningData.ForCatalog(datasetName, null, options.Seed), datasetName, kind, options with { Backend = GradientTraining.Backend(choice) });
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or KeyNotFoundException or InvalidOperationException)
            {
                throw new BadInputException(e.Message);
            }
            var jsonOut = parse.GetValue(json);
            if (jsonOut == "-") context.Out.WriteLine(run.ToJson());
            else if (jsonOut is not null)
            {
                try { AtomicFile.WriteAllText(jsonOut, run.ToJson(indented: true)); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BadInputException($"cannot write {jsonOut}: {e.Message}"); }
            }
            var summary = jsonOut == "-" ? context.Error : context.Out;
            summary.WriteLine(run.ToString());
            if (registryDir is not null)
            {
                try
                {
                    var version = ModelRegistry.Open(registryDir).Register(modelName!, run.Model.WithMetrics(new Dictionary<string, double> { [run.Metric] = run.HeldOutMetric }));
                    summary.WriteLine($"registered {version} in {registryDir}");
                }
                catch (Exception e) when (e is ModelRegistryException or IOException or UnauthorizedAccessException) { throw new BadInputException($"--registry {registryDir}: {e.Message}"); }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
