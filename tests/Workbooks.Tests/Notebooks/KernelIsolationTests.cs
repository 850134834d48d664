using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;

namespace Workbooks.Tests.Notebooks;

/// <summary>
/// Each notebook's kernel is a real child process: a notebook that kills its process (Environment.Exit,
/// an exception on a background thread, a stack overflow) or hangs ends only itself. One folder run
/// holds all four misbehaving notebooks and a well-behaved one after them, so the kernels start once
/// for every check here.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class KernelIsolationTests(KernelIsolationTests.CrashingFolderRun run) : IClassFixture<KernelIsolationTests.CrashingFolderRun>
{
    public sealed class CrashingFolderRun
    {
        public CrashingFolderRun()
        {
            Folder = NotebookFixtures.NewTempFolder();
            Output = Path.Combine(Folder, "reports");
            PidFile = Path.Combine(Folder, "pids.txt");
            NotebookFixtures.WriteNotebook(Folder, "a-exit.ipynb",
                "Console.WriteLine(\"printed before the exit\");",
                "Environment.Exit(3);",
                "Console.WriteLine(\"after exit\");");
            NotebookFixtures.WriteNotebook(Folder, "b-background-throw.ipynb",
                "Console.WriteLine(\"first cell ran\");",
                "new System.Threading.Thread(() => throw new InvalidOperationException(\"thrown on a background thread\")).Start();\nSystem.Threading.Thread.Sleep(30_000);");
            NotebookFixtures.WriteNotebook(Folder, "c-stack-overflow.ipynb",
                "int Down(int n) => Down(n + 1) + 1;",
                "Down(0)");
            // The hanging cell's kernel has started a child of its own: a timeout must end both.
            NotebookFixtures.WriteNotebook(Folder, "d-hangs.ipynb",
                "var sleeper = System.Diagnostics.Process.Start(\"sleep\", \"300\");\n" +
                "System.IO.File.WriteAllText(\"pids.txt\", $\"{Environment.ProcessId} {sleeper.Id}\");",
                "System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);");
            NotebookFixtures.WriteNotebook(Folder, "e-fine.ipynb", "Console.WriteLine(\"the last notebook ran\");");
            (Exit, Out, Err) = NotebookFixtures.Cli("run", Folder, "-o", Output, "--cell-timeout", Timeout);
        }

        // Long enough for a first cell on a loaded two-core machine, short enough to keep the suite quick.
        public const string Timeout = "12";

        public string Folder { get; }
        public string Output { get; }
        public string PidFile { get; }
        public int Exit { get; }
        public string Out { get; }
        public string Err { get; }

        public JsonArray Cells(string name) =>
            JsonNode.Parse(File.ReadAllText(Path.Combine(Output, name + ".ipynb")))!["cells"]!.AsArray();

        public string Html(string name) => File.ReadAllText(Path.Combine(Output, name + ".html"));
    }

    [Fact]
    public void The_run_survives_every_crash_and_reports_exit_code_1_with_an_index()
    {
        Assert.True(run.Exit == 1, $"exit {run.Exit}\n{run.Out}\n{run.Err}");
        Assert.Contains("1/5 notebooks passed", run.Out);
        var index = File.ReadAllText(Path.Combine(run.Output, "index.html"));
        foreach (var name in new[] { "a-exit", "b-background-throw", "c-stack-overflow", "d-hangs", "e-fine" })
            Assert.Contains($"<a href=\"{name}.html\">{name}</a>", index);
        Assert.Contains("the last notebook ran", run.Html("e-fine"));
    }

    [Fact]
    public void Environment_exit_ends_only_its_notebook_and_the_report_names_the_exit_code()
    {
        Assert.Contains("a-exit.ipynb: cell 2 failed: While this cell ran, the kernel process ended with exit code 3", run.Err);
        var cells = run.Cells("a-exit");
        Assert.Contains("printed before the exit", cells[0]!["outputs"]!.ToJsonString());
        Assert.Equal("KernelExited", cells[1]!["outputs"]![0]!["ename"]!.GetValue<string>());
        Assert.Empty(cells[2]!["outputs"]!.AsArray());
        Assert.Contains("badge failed", run.Html("a-exit"));
    }

    [Fact]
    public void A_background_thread_exception_is_reported_with_the_exception_from_stderr()
    {
        Assert.Contains("b-background-throw.ipynb: cell 2 failed: While this cell ran, the kernel process ended with exit code 134 (SIGABRT): Unhandled exception. System.InvalidOperationException: thrown on a background thread", run.Err);
        Assert.Contains("first cell ran", run.Cells("b-background-throw")[0]!["outputs"]!.ToJsonString());
    }

    [Fact]
    public void A_stack_overflow_is_reported_as_such()
    {
        Assert.Contains("c-stack-overflow.ipynb: cell 2 failed: While this cell ran, the kernel process ended with exit code 134 (SIGABRT): Stack overflow.", run.Err);
        var traceback = run.Cells("c-stack-overflow")[1]!["outputs"]![0]!["traceback"]!.ToJsonString();
        Assert.Contains("Down(Int32)", traceback);
    }

    [Fact]
    public void A_timeout_kills_the_kernel_and_every_process_it_started()
    {
        Assert.Contains($"d-hangs.ipynb: cell 2 timed out: Cell timed out after {CrashingFolderRun.Timeout} s", run.Err);
        var pids = File.ReadAllText(run.PidFile).Split(' ').Select(int.Parse).ToList();
        Assert.Equal(2, pids.Count);
        Assert.NotEqual(Environment.ProcessId, pids[0]);
        foreach (var pid in pids) Assert.False(IsAlive(pid), $"process {pid} still runs after the timeout");
        Assert.Contains("TimeoutException", run.Html("d-hangs"));
    }

    /// <summary>True while the process exists and is not a zombie (a killed orphan may wait to be reaped).</summary>
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!OperatingSystem.IsLinux())
        {
            try { using var process = Process.GetProcessById(pid); return !process.HasExited; }
            catch (ArgumentException) { return false; }
        }
        string text;
        try { text = File.ReadAllText(stat); }
        catch (IOException) { return false; }
        var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
        return state is not ("Z" or "X");
    }
}
