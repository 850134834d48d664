using System.CommandLine;
using Workbooks.Notebooks.Jupyter;

namespace Workbooks.Cli.Verbs;

/// <summary><c>workbooks jupyter</c>: the project's kernel for Jupyter front ends (JupyterLab, Jupyter
/// Notebook, VS Code's Jupyter extension, nbconvert): <c>kernel</c> serves the messaging protocol,
/// <c>install</c>/<c>uninstall</c> manage the kernelspec that starts it.</summary>
public sealed class JupyterVerb : IVerb
{
    public Command Build(CliContext context)
    {
        var command = new Command("jupyter", "Run the Workbooks C# kernel under Jupyter, and install its kernelspec.");
        command.Subcommands.Add(BuildKernel(context));
        command.Subcommands.Add(BuildInstall(context, install: true));
        command.Subcommands.Add(BuildInstall(context, install: false));
        return command;
    }

    private static Command BuildKernel(CliContext context)
    {
        var file = new Option<string>("--connection-file", "-f") { Description = "The connection file Jupyter wrote (ports and HMAC key).", Required = true };
        var command = new Command("kernel", "Serve the Jupyter messaging protocol 5.3 (started by Jupyter through the kernelspec).");
        command.Options.Add(file);
        command.SetAction(parse =>
        {
            ConnectionInfo connection;
            try { connection = ConnectionInfo.Read(parse.GetValue(file)!); }
            catch (FormatException e) { throw new BadInputException(e.Message); }
            JupyterKernelHost host;
            try { host = new JupyterKernelHost(connection, context.Error); }
            catch (IOException e) { throw new BadInputException(e.Message); }
            using (host) host.RunAsync().GetAwaiter().GetResult();
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildInstall(CliContext context, bool install)
    {
        var user = new Option<bool>("--user") { Description = "The per-user Jupyter data folder (the default)." };
        var prefix = new Option<string?>("--prefix") { Description = "Install under PREFIX/share/jupyter/kernels." };
        var sysPrefix = new Option<bool>("--sys-prefix") { Description = "The active Python environment (VIRTUAL_ENV or CONDA_PREFIX)." };
        var name = new Option<string>("--name") { Description = "Kernelspec name; the project's notebooks ask for the default.", DefaultValueFactory = _ => KernelSpec.DefaultName };
        var displayName = new Option<string>("--display-name") { Description = "Name shown by front ends.", DefaultValueFactory = _ => KernelSpec.DefaultDisplayName };
        var command = install
            ? new Command("install", "Install the kernelspec so that 'jupyter kernelspec list' shows this kernel.")
            : new Command("uninstall", "Remove the kernelspec installed by 'workbooks jupyter install'.");
        foreach (var option in new Option[] { user, prefix, sysPrefix, name }) command.Options.Add(option);
        if (install) command.Options.Add(displayName);
        command.SetAction(parse =>
        {
            var kernels = KernelsDirectory(parse.GetValue(user), parse.GetValue(prefix), parse.GetValue(sysPrefix));
            var kernelName = parse.GetValue(name)!;
            try
            {
                if (install)
                {
                    var folder = KernelSpec.Install(kernels, kernelName, parse.GetValue(displayName)!, SelfCommand());
                    context.Out.WriteLine($"Installed kernelspec {kernelName} in {folder}");
                }
                else if (KernelSpec.Uninstall(kernels, kernelName)) context.Out.WriteLine($"Removed kernelspec {kernelName} from {kernels}");
                else throw new BadInputException($"no kernelspec '{kernelName}' in {kernels}.");
            }
            catch (ArgumentException e) { throw new BadInputException("--name: " + e.Message); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BadInputException($"{kernels}: {e.Message}"); }
            return ExitCodes.Success;
        });
        return command;
    }

    private static string KernelsDirectory(bool user, string? prefix, bool sysPrefix)
    {
        if ((user ? 1 : 0) + (prefix is null ? 0 : 1) + (sysPrefix ? 1 : 0) > 1)
            throw new BadInputException("choose one of --user, --prefix and --sys-prefix.");
        if (prefix is not null) return KernelSpec.PrefixKernelsDirectory(Path.GetFullPath(prefix));
        if (sysPrefix)
        {
            var environment = Environment.GetEnvironmentVariable("VIRTUAL_ENV") is { Length: > 0 } venv ? venv : Environment.GetEnvironmentVariable("CONDA_PREFIX");
            if (string.IsNullOrEmpty(environment))
                throw new BadInputException("--sys-prefix: no active Python environment (VIRTUAL_ENV and CONDA_PREFIX are unset); use --prefix DIR.");
            return KernelSpec.PrefixKernelsDirectory(environment);
        }
        return KernelSpec.UserKernelsDirectory();
    }

    /// <summary>How to start this same workbooks: its apphost (or global-tool shim) when that is what
    /// runs, otherwise the dotnet host with workbooks.dll.</summary>
    internal static IReadOnlyList<string> SelfCommand()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "workbooks") return [process];
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
            : process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
        return [dotnet, typeof(JupyterVerb).Assembly.Location];
    }
}
