namespace Workbooks.Tests.Notebooks;

/// <summary>Runs the sample fixture once with parameters (an injection attempt included) and keeps
/// what the run produced, so several tests can check it without starting more kernels.</summary>
public sealed class SampleRunFixture
{
    public const string InjectionAttempt = "x\"; Environment.Exit(7); \"";

    public SampleRunFixture()
    {
        OutputFolder = NotebookFixtures.NewTempFolder();
        (Exit, Out, Err) = NotebookFixtures.Cli("run", NotebookFixtures.Sample, "-o", OutputFolder,
            "-p", "rows=7", "-p", "threshold=2", "-p", "label=" + InjectionAttempt, "-p", "start=2025-03-04T05:06:07", "-p", "verbose=true");
        Html = File.ReadAllText(Path.Combine(OutputFolder, "sample.html"));
        ExecutedNotebook = Path.Combine(OutputFolder, "sample.ipynb");
        Json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ExecutedNotebook))!.AsObject();
    }

    public string OutputFolder { get; }
    public int Exit { get; }
    public string Out { get; }
    public string Err { get; }
    public string Html { get; }
    public string ExecutedNotebook { get; }
    public System.Text.Json.Nodes.JsonObject Json { get; }
}
