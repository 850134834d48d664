using System.CommandLine;
using System.Reflection;

namespace Workbooks.Cli;

/// <summary>One verb of the <c>workbooks</c> command: builds its <see cref="Command"/>.</summary>
public interface IVerb
{
    Command Build(CliContext context);
}

/// <summary>Where a verb writes, so tests can run verbs in-process and read what they print.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error);

/// <summary>Exit codes shared by every verb.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The work ran and something in it failed (a notebook cell, for example), or drift was found with
    /// <c>drift --fail-on-drift</c>.</summary>
    public const int Failure = 1;
    /// <summary>Usage error or bad input: a clear one-line message names what is wrong.</summary>
    public const int BadInput = 2;
    /// <summary>A bug in workbooks itself: one line on stderr (the stack trace only with WORKBOOKS_DEBUG=1).</summary>
    public const int InternalError = 3;
}

/// <summary>Thrown by a verb for bad input; the message is printed as is and the exit code is 2.</summary>
public sealed class BadInputException(string message) : Exception(message);

public static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var context = new CliContext(stdout, stderr);
        var root = new RootCommand("workbooks: monitor, analyse and report on ML models in production.");
        foreach (var verb in DiscoverVerbs())
            root.Subcommands.Add(verb.Build(context));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                stderr.WriteLine($"workbooks: {UserErrors.ParseError(error.Message)}");
            stderr.WriteLine("Run 'workbooks --help' for usage.");
            return ExitCodes.BadInput;
        }
        // The one place where a verb's failure becomes an exit code: bad input (whatever part of the library
        // noticed it) is one line and exit 2; anything else is a bug, still one line, never a stack trace.
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (UserErrors.Message(e) is { } message)
        {
            stderr.WriteLine($"workbooks: {message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"workbooks: internal error: {UserErrors.OneLine(e.Message)} (a bug in workbooks; run with WORKBOOKS_DEBUG=1 for details and report it)");
            if (Environment.GetEnvironmentVariable("WORKBOOKS_DEBUG") is "1" or "true") stderr.WriteLine(e);
            return ExitCodes.InternalError;
        }
    }

    private static IEnumerable<IVerb> DiscoverVerbs() =>
        typeof(CliApp).Assembly.GetTypes()
            .Where(t => typeof(IVerb).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (IVerb)Activator.CreateInstance(t)!);
}
