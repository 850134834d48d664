using System.CommandLine;
using System.Globalization;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Onnx;
using Workbooks.ModelOps.Registry;
using Workbooks.Notebooks.Reports;

namespace Workbooks.Cli.Verbs;

/// <summary>
/// <c>workbooks compress --model FILE --data FILE|--dataset NAME [--techniques compile,prune,quantize,distill,onnx]
/// [--budget 0.5] [--out DIR] [--json FILE|-] [--registry DIR --name NAME --from-version N]</c>: makes the compressed variants of a tree, linear or network model, measures
/// each against the original on held-out rows (bytes, p50/p99 latency, rows/s, quality and its change), marks those
/// within the budget accepted, writes the variants to --out and the measurements as one JSON object. Everything is
/// computed before anything is written, and files land whole (a staging folder renamed into place).
/// </summary>
public sealed class CompressVerb : IVerb
{
    private static readonly string[] Known = [.. CompressionTechniques.Names, "onnx"];

    public Command Build(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "A model file saved by TrainedModel.Save (or a plain ML.NET zip): a FastTree, LightGBM, linear or mlp model.", Required = true };
        var data = new Option<string?>("--data") { Description = "Held-out rows (CSV) with the model's columns and its label." };
        var dataset = new Option<string?>("--dataset") { Description = $"A catalog dataset instead of --data ({string.Join(", ", DatasetCatalog.Names)}); its last --rows rows are used." };
        var techniques = new Option<string>("--techniques") { Description = $"Comma-separated techniques: {string.Join(", ", Known)}.", DefaultValueFactory = _ => "compile,prune,quantize,distill,onnx" };
        var budget = new Option<double>("--budget") { Description = "Quality a variant may lose and be accepted: points of accuracy, or percent of MAE for regression.", DefaultValueFactory = _ => 0.5 };
        var label = new Option<string?>("--label") { Description = "The label column (default: the one the model was trained on)." };
        var rows = new Option<int>("--rows") { Description = "With --dataset: how many of its last rows to use.", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the fit/measure split and of distillation.", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string?>("--out") { Description = "Folder to write the variants to (created; existing files of the same names are replaced)." };
        var json = new Option<string?>("--json") { Description = "Write the JSON result to this file, or to standard output with '-'." };
        var registry = new Option<string?>("--registry") { Description = "Register the accepted variants in this model registry folder (with --name and --from-version)." };
        var name = new Option<string?>("--name") { Description = "The registered model's name (with --registry)." };
        var parent = new Option<int?>("--from-version") { Description = "The registry version --model is (with --registry): the variants' lineage says \"compressed from version N\"." };
        var command = new Command("compress", "Compress a model (compile, prune, quantize, distill, ONNX) and measure every variant against it on held-out rows.");
        foreach (var o in new Option[] { model, data, dataset, techniques, budget, label, rows, seed, outDir, json, registry, name, parent })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            string modelPath = UserErrors.RequireFile(parse.GetValue(model)!, "--model");
            var names = parse.GetValue(techniques)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0) throw new BadInputException("--techniques: give at least one technique.");
            if (names.FirstOrDefault(n => !Known.Contains(n)) is { } unknown)
                throw new BadInputException($"--techniques: '{unknown}' is not one of {string.Join(", ", Known)}.");
            double b = parse.GetValue(budget);
            if (!(b >= 0)) throw new BadInputException($"--budget must be a number >= 0, not {b.ToString(CultureInfo.InvariantCulture)}.");
            string? registryDir = parse.GetValue(registry), modelName = parse.GetValue(name);
            int? parentVersion = parse.GetValue(parent);
            if ((registryDir is null) != (modelName is null) || (registryDir is null) != (parentVersion is null))
                throw new BadInputException("Give --registry DIR, --name NAME and --from-version N together.");
            if (parentVersion is < 1) throw new BadInputException($"--from-version must be at least 1, not {parentVersion}.");
            if (modelName is not null)
            {
                try { ModelReference.CheckName(modelName); }
                catch (FormatException e) { throw new BadInputException($"--name: {e.Message}"); }
            }
            if (registryDir is not null)
            {
                // Check the parent before the work, so a wrong version fails fast and leaves nothing written.
                bool known;
                try { known = ModelRegistry.Open(registryDir).Versions(modelName!).Any(v => v.Version == parentVersion); }
                catch (Exception e) when (e is ModelRegistryException or IOException or UnauthorizedAccessException) { throw new BadInputException($"--registry {registryDir}: {e.Message}"); }
                if (!known) throw new BadInputException($"--registry {registryDir}: model '{modelName}' has no version {parentVersion} (--from-version); register the original first.");
            }
            var table = HeldOut(parse.GetValue(data), parse.GetValue(dataset), parse.GetValue(rows));
            var trained = TrainedModel.Load(modelPath);
            var options = new CompressionOptions
            {
                Techniques = names, Budget = b, Label = parse.GetValue(label), Seed = parse.GetValue(seed), Extra = [new OnnxTechnique()],
            };
            CompressionReport report;
            try { report = ModelCompressor.Compress(trained, table, options); }
            catch (NotSupportedException e) { throw new BadInputException($"{modelPath}: unsupported model kind: {e.Message}"); }
            var files = parse.GetValue(outDir) is { } dir ? Write(dir, report) : null;
            var jsonOut = parse.GetValue(json);
            if (jsonOut == "-") context.Out.WriteLine(report.ToJson(files));
            else if (jsonOut is not null)
            {
                try { AtomicFile.WriteAllText(jsonOut, report.ToJson(files, indented: true)); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BadInputException($"cannot write {jsonOut}: {e.Message}"); }
            }
            var summary = jsonOut == "-" ? context.Error : context.Out;
            summary.WriteLine(report.ToString());
            if (registryDir is not null)
            {
                try
                {
                    var versions = report.RegisterAccepted(ModelRegistry.Open(registryDir), modelName!, parentVersion!.Value, createdBy: "cli");
                    summary.WriteLine($"registered {(versions.Count == 0 ? "nothing (no variant accepted)" : string.Join(", ", versions))} in {registryDir}");
                }
                catch (Exception e) when (e is ModelRegistryException or IOException or UnauthorizedAccessException) { throw new BadInputException($"--registry {registryDir}: {e.Message}"); }
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Table HeldOut(string? data, string? dataset, int rows)
    {
        if ((data is null) == (dataset is null)) throw new BadInputException("Give one of --data FILE or --dataset NAME.");
        if (data is not null)
        {
            var table = Table.ReadCsv(UserErrors.RequireFile(data, "--data"));
            return table.RowCount > 0 ? table : throw new BadInputException($"{data}: no data rows (only a header) (--data).");
        }
        if (!DatasetCatalog.Names.Contains(dataset!)) throw new BadInputException($"--dataset: no catalog dataset '{dataset}'; use one of {string.Join(", ", DatasetCatalog.Names)}.");
        if (rows < 20) throw new BadInputException($"--rows must be at least 20, not {rows}.");
        var all = DatasetCatalog.LoadTable(dataset!);
        return all.Slice(Math.Max(0, all.RowCount - rows), all.RowCount);
    }

    // Every variant's bytes are in memory already: write them into a staging folder beside --out, then move the folder
    // into place (or, when --out exists, each file into it with an atomic rename), so --out never holds a partial file.
    private static List<string?> Write(string dir, CompressionReport report)
    {
        var full = Path.GetFullPath(dir);
        if (File.Exists(full)) throw new BadInputException($"{dir}: is a file; --out needs a folder.");
        var names = report.Variants.Select((v, i) => $"{i + 1:00}-{v.Technique}{v.Candidate.Extension}").ToList();
        var staging = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(staging);
            for (int i = 0; i < names.Count; i++) File.WriteAllBytes(Path.Combine(staging, names[i]), report.Variants[i].Measurement.File);
            if (!Directory.Exists(full)) Directory.Move(staging, full);
            else foreach (var n in names) File.Move(Path.Combine(staging, n), Path.Combine(full, n), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BadInputException($"cannot write {dir}: {e.Message}"); }
        finally { if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); }
        return names.Select(n => (string?)Path.Combine(dir, n)).ToList();
    }
}
