using System.CommandLine;

namespace Workbooks.Cli.Verbs.Models;

/// <summary><c>workbooks models ...</c>: the model registry (register, list, show, promote, rollback, compare), one
/// file per sub-verb in this folder.</summary>
public sealed class ModelsVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var command = new Command("models", "The model registry: versions, aliases (champion, challenger, ...), lineage and rollback.");
        foreach (var sub in new[] { ModelsRegisterVerb.Build(context), ModelsListVerb.Build(context), ModelsShowVerb.Build(context),
                     ModelsPromoteVerb.Build(context), ModelsRollbackVerb.Build(context), ModelsCompareVerb.Build(context) })
            command.Subcommands.Add(sub);
        return command;
    }
}
