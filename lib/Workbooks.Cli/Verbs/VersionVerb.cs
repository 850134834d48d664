using System.CommandLine;
using System.Reflection;

namespace Workbooks.Cli.Verbs;

/// <summary><c>workbooks version</c>: prints the library version.</summary>
public sealed class VersionVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var command = new Command("version", "Print the version of the workbooks tool and library.");
        command.SetAction(_ =>
        {
            var version = typeof(Workbooks.ModelOps.Windows.Chunker).Assembly.GetName().Version;
            context.Out.WriteLine($"workbooks {version}");
            return ExitCodes.Success;
        });
        return command;
    }
}
