using System.CommandLine;
using Workbooks.Notebooks.Documents;
using Workbooks.Notebooks.Export;
using Workbooks.Notebooks.Reports;
using Workbooks.ModelOps.Data;

namespace Workbooks.Cli.Verbs;

/// <summary><c>workbooks export --to cs</c>: writes each notebook as a C# file-based app
/// (<c>dotnet run NAME.cs</c>) that reaches the library with <c>#:project</c> and writes its displayed
/// values into an HTML report beside itself.</summary>
public sealed class ExportVerb : IVerb
{
    // The walkthrough project: it references the library, and exported notebooks may use walkthrough material.
    private const string LibraryProject = "lib/Workbooks.Walkthroughs/Workbooks.Walkthroughs.csproj";

    public Command Build(CliContext context)
    {
        var notebooks = new Argument<string[]>("notebook") { Arity = ArgumentArity.OneOrMore, Description = "Notebooks (.ipynb, .dib) to export." };
        var to = new Option<string>("--to") { Description = "Target format: cs (a C# file-based app).", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Folder for the .cs files (default: beside each notebook)." };
        var command = new Command("export", "Export notebooks to C# file-based apps (dotnet run FILE.cs).");
        command.Arguments.Add(notebooks);
        command.Options.Add(to);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            if (parse.GetValue(to) != "cs") throw new BadInputException($"--to '{parse.GetValue(to)}' is not supported; use --to cs.");
            var documents = new List<NotebookDocument>();
            foreach (var path in parse.GetValue(notebooks) ?? [])
            {
                if (!File.Exists(path)) throw new BadInputException($"{path}: no such notebook.");
                try { documents.Add(NotebookDocument.Load(path)); }
                catch (NotebookFormatException e) { throw new BadInputException(e.Message); }
            }
            foreach (var document in documents)
            {
                var directory = Path.GetFullPath(parse.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(document.Path))!);
                var library = FindLibrary(directory) ?? FindLibrary(Path.GetDirectoryName(Path.GetFullPath(document.Path))!)
                    ?? throw new BadInputException($"{document.Path}: {LibraryProject} not found above the notebook or the output folder; export from a clone of the repository.");
                var target = Path.Combine(directory, Path.GetFileNameWithoutExtension(document.Path) + ".cs");
                AtomicFile.WriteAllText(target, FileBasedAppExporter.Export(document, Path.GetRelativePath(directory, library).Replace('\\', '/')));
                context.Out.WriteLine($"{document.Path} -> {target}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static string? FindLibrary(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, LibraryProject);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
