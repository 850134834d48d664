using System.Globalization;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Docs;

/// <summary>The doc examples run alone: each sets the console and the working folder of the whole process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DocExampleCollection
{
    public const string Name = "Doc examples";
}

/// <summary>
/// Every <c>&lt;example&gt;</c> of the library's XML documentation, read from the documentation files themselves (so the
/// docs and their check cannot drift apart): each must compile, and each that promises its output
/// (<see cref="DocExample"/>) and defines everything it uses is run and must print exactly that.
/// </summary>
/// <remarks>
/// An example runs in a fresh temporary working folder holding <c>data/</c> (the repository's data folder, as a link), so
/// relative paths read as they do from a clone's root and files it writes go away; under the invariant culture; with
/// the console captured. An example that uses a name it does not define (a table or model from earlier in a notebook)
/// is compiled only: the names it may take from its surroundings are listed in <see cref="DocExampleBuild.ContextNames"/>,
/// so a misspelled type or member still fails. An example on an internal type is for maintainers and is skipped: the
/// examples compile as a user's code, which cannot see it.
/// </remarks>
[Collection(DocExampleCollection.Name)]
public sealed class DocExamplesTests(ITestOutputHelper output)
{
    /// <summary>Examples that promise exact output but cannot run in this suite, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotRunHere = new Dictionary<string, string>
    {
        ["T:Workbooks.ModelOps.Monitoring.MonitorTelemetry"] = "listens on the fixed port 19464, which another test run on this machine may hold",
    };

    public static TheoryData<string> Examples => [.. DocExample.All.Select(e => e.Id)];

    [SkippableTheory]
    [MemberData(nameof(Examples))]
    public async Task Example_compiles_and_prints_what_it_promises(string id)
    {
        var example = DocExample.Get(id);
        Skip.IfNot(example.Public, "documents an internal type, which the examples (compiled as a user's code) cannot see");
        var build = DocExampleBuild.Current[example];
        var where = $"{id}{(example.AlsoOn.Count > 0 ? $" (also on {string.Join(", ", example.AlsoOn)})" : "")}";
        Assert.True(build.Errors.Count == 0, $"{where} does not compile (a name that stands for a notebook's earlier cells belongs in " +
            $"{nameof(DocExampleBuild)}.{nameof(DocExampleBuild.ContextNames)}):\n  {string.Join("\n  ", build.Errors)}\n{example.Code}");
        if (example.Expected is null || build.Run is null) return;   // compiled only: see Coverage
        Skip.If(NotRunHere.TryGetValue(id, out var reason), reason);

        var printed = await RunAsync(build.Run);
        var actual = printed.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').Select(l => l.TrimEnd());
        Assert.True(string.Join("\n", example.Expected) == string.Join("\n", actual),
            $"{where} prints\n  {string.Join("\n  ", actual)}\nwhere its comment says\n  {string.Join("\n  ", example.Expected)}\n{example.Code}");
    }

    [Fact]
    public void Coverage()
    {
        var build = DocExampleBuild.Current;
        var rows = DocExample.All.Select(e => (Example: e, Kind: KindOf(e, build[e]))).ToList();
        foreach (var group in rows.GroupBy(r => r.Kind).OrderBy(g => g.Key))
        {
            output.WriteLine($"{group.Key}: {group.Count()}");
            if (group.Key != "run") foreach (var (e, _) in group) output.WriteLine($"  {e.Id}");
        }
        output.WriteLine($"compiled in {build.CompileTime.TotalSeconds:F1} s");
        int Count(string kind) => rows.Count(r => r.Kind == kind);
        // Floors, so that a change in the reader or the rules cannot quietly stop checking most examples.
        Assert.True(rows.Count >= 200, $"only {rows.Count} examples found");
        Assert.True(Count("run") >= 160, $"only {Count("run")} examples run");
        Assert.Equal(0, Count("broken"));
    }

    private static string KindOf(DocExample e, DocExampleBuild.Result r) =>
        !e.Public ? "skipped: documents an internal type"
        : r.Errors.Count > 0 ? "broken"
        : r.UndefinedNames.Count > 0 ? "compiled only: needs names from earlier cells"
        : e.Illustrative ? "compiled only: illustrative output"
        : e.Expected is null ? "compiled only: promises no output"
        : NotRunHere.ContainsKey(e.Id) ? "skipped: " + NotRunHere[e.Id]
        : "run";

    private static async Task<string> RunAsync(Func<Task> run)
    {
        var sandbox = Directory.CreateTempSubdirectory("wb-doc-example-").FullName;
        var data = Path.Combine(sandbox, "data");
        Directory.CreateSymbolicLink(data, Path.Combine(TestEnvironment.RepoRoot, "data"));
        var (console, folder) = (Console.Out, Environment.CurrentDirectory);
        var printed = new StringWriter();
        try
        {
            Console.SetOut(printed);
            Environment.CurrentDirectory = sandbox;
            await Task.Run(() =>
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
                return run();
            }).WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            Console.SetOut(console);
            Environment.CurrentDirectory = folder;
            File.Delete(data);   // the link only, never what it points to
            Directory.Delete(sandbox, recursive: true);
        }
        return printed.ToString();
    }
}
