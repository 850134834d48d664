using System.CommandLine;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Data.Generators;

namespace Workbooks.Cli.Verbs;

/// <summary><c>workbooks generate [--out DIR] [--scenario NAME]...</c>: writes the deterministic drift scenarios.</summary>
/// <example>
/// <code>
/// CliApp.Run(["generate", "--out", "out", "--scenario", "label_shift"], Console.Out, Console.Error);
/// // prints: out/label_shift.csv  sha256 6ce2a24dfd993e1295e5492fa95b3009e26a16d3340d0d3b816b2d6a3814868b
/// // prints: out/README.md
/// </code>
/// </example>
public sealed class GenerateVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder to write the CSV files and README.md into.", DefaultValueFactory = _ => "data" };
        var scenarios = new Option<string[]>("--scenario", "-s") { Description = "Only these scenarios (default: all). Names: " + string.Join(", ", ScenarioGenerators.All.Select(g => g.Name)), AllowMultipleArgumentsPerToken = true };
        var command = new Command("generate", "Write the deterministic drift scenarios (covariate/label shift, SEA, STAGGER, Agrawal, hyperplane, seasonal) as CSV, with a README of their change points and SHA-256.");
        command.Options.Add(output);
        command.Options.Add(scenarios);
        command.SetAction(parse =>
        {
            var names = parse.GetValue(scenarios) ?? [];
            IEnumerable<IScenarioGenerator> chosen = names.Length == 0 ? ScenarioGenerators.All : names.Select(ScenarioGenerators.Get).ToList();
            var directory = parse.GetValue(output)!;
            if (File.Exists(directory)) throw new BadInputException($"--out {directory} is a file; give a folder.");
            foreach (var path in ScenarioGenerators.WriteAll(directory, chosen))
                context.Out.WriteLine(path.EndsWith(".csv", StringComparison.Ordinal) ? $"{path}  sha256 {DatasetStore.Sha256Of(path)}" : path);
            return ExitCodes.Success;
        });
        return command;
    }
}
