using System.CommandLine;
using System.Globalization;
using Workbooks.ModelOps.Registry;

namespace Workbooks.Cli.Verbs.Models;

/// <summary><c>workbooks models register --registry DIR --name NAME --model FILE [--tag k=v]... [--metric k=v]...</c>:
/// stores the file by its SHA-256 and records the next version with its lineage; prints the new version number.</summary>
/// <example>
/// <code>
/// File.WriteAllText("model.zip", "any bytes");   // the registry stores a model file as it is
/// CliApp.Run(["models", "register", "--registry", "reg", "--name", "bike", "--model", "model.zip", "--metric", "mae=41.5"], Console.Out, Console.Error);
/// // prints: 1
/// </code>
/// </example>
internal static class ModelsRegisterVerb
{
    public static Command Build(CliContext context)
    {
        var registry = ModelsCli.RegistryOption();
        var name = new Option<string>("--name") { Description = "The registered model's name.", Required = true };
        var model = new Option<string>("--model") { Description = "The model file (any format: an ML.NET zip, ONNX, ...).", Required = true };
        var tags = new Option<string[]>("--tag") { Description = "A tag KEY=VALUE (repeatable)." };
        var metrics = new Option<string[]>("--metric") { Description = "A validation metric KEY=NUMBER (repeatable)." };
        var description = new Option<string?>("--description") { Description = "What this version is." };
        var dataset = new Option<string?>("--dataset") { Description = "Lineage: the training dataset's name." };
        var rows = new Option<string?>("--rows") { Description = "Lineage: the training row range START..END (END exclusive)." };
        var trainer = new Option<string?>("--trainer") { Description = "Lineage: the trainer, e.g. FastTree." };
        var parameters = new Option<string[]>("--param") { Description = "Lineage: a hyperparameter KEY=VALUE (repeatable)." };
        var parent = new Option<int?>("--parent") { Description = "Lineage: the version this one was retrained from." };
        var json = ModelsCli.JsonOption();
        var command = new Command("register", "Register a model file as the next version of a model; prints the version number.");
        foreach (var o in new Option[] { registry, name, model, tags, metrics, description, dataset, rows, trainer, parameters, parent, json }) command.Options.Add(o);
        command.SetAction(parse => ModelsCli.Guard(() =>
        {
            var file = parse.GetValue(model)!;
            if (!File.Exists(file)) throw new BadInputException($"--model: the file '{file}' does not exist.");
            var options = new RegisterOptions
            {
                Description = parse.GetValue(description),
                Tags = Pairs(parse.GetValue(tags), "--tag", v => v),
                Metrics = Pairs(parse.GetValue(metrics), "--metric", Number),
                CreatedBy = "cli",
                Lineage = new ModelLineage
                {
                    Dataset = parse.GetValue(dataset), Range = parse.GetValue(rows) is { } r ? RowRange(r) : null,
                    Trainer = parse.GetValue(trainer), Hyperparameters = Pairs(parse.GetValue(parameters), "--param", v => v),
                    ParentVersion = parse.GetValue(parent),
                },
            };
            var version = ModelsCli.Open(parse.GetValue(registry)!, create: true).Register(parse.GetValue(name)!, file, options);
            context.Out.WriteLine(parse.GetValue(json) ? RegistryJson.Of(version) : version.Version.ToString(CultureInfo.InvariantCulture));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Dictionary<string, T> Pairs<T>(string[]? items, string option, Func<string, T> value)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            int eq = item.IndexOf('=');
            if (eq <= 0) throw new BadInputException($"{option} '{item}': expected KEY=VALUE.");
            var v = value(item[(eq + 1)..]);
            if (!map.TryAdd(item[..eq], v)) throw new BadInputException($"{option} '{item}': the key '{item[..eq]}' is given twice.");
        }
        return map;
    }

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
            : throw new BadInputException($"--metric: '{text}' is not a finite number.");

    private static DataRange RowRange(string text)
    {
        var parts = text.Split("..");
        if (parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var start) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var end) && start >= 0 && end >= start)
            return DataRange.Rows(start, end);
        throw new BadInputException($"--rows '{text}': expected START..END with 0 <= START <= END.");
    }
}
