using System.CommandLine;
using System.Text;
using Workbooks.Notebooks.Kernels;

namespace Workbooks.Cli.Verbs;

/// <summary><c>workbooks kernel</c>: the project's notebook kernel over stdio (the .NET Interactive
/// protocol), for the Polyglot Notebooks extension in VS Code (see .vscode/settings.json).</summary>
public sealed class KernelVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var workingDir = new Option<string?>("--working-dir") { Description = "Current directory for the kernel (VS Code passes the notebook's folder)." };
        var vscode = new Option<bool>("--vscode") { Description = "Connect the VS Code front end's kernels (input prompts, JavaScript) as the stock kernel does." };
        var command = new Command("kernel", "Host the Workbooks notebook kernel over stdio with the .NET Interactive protocol.");
        command.Options.Add(workingDir);
        command.Options.Add(vscode);
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(workingDir);
            if (!string.IsNullOrEmpty(directory))
            {
                if (!Directory.Exists(directory)) throw new BadInputException($"--working-dir '{directory}' does not exist.");
                Environment.CurrentDirectory = directory;
            }
            // The protocol owns stdout; anything else printed outside a cell goes to stderr.
            var protocol = ReferenceEquals(context.Out, Console.Out)
                ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true }
                : context.Out;
            var input = ReferenceEquals(context.Out, Console.Out)
                ? new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false))
                : Console.In;
            if (ReferenceEquals(context.Out, Console.Out)) Console.SetOut(Console.Error);
            StdioKernelHost.RunAsync(input, protocol, parse.GetValue(vscode)).GetAwaiter().GetResult();
            return ExitCodes.Success;
        });
        return command;
    }
}
