using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Workbooks.Notebooks.Execution;
using Xunit;

namespace Workbooks.Tests.Notebooks;

/// <summary>Printed output costs linear time, is kept whole in the executed notebook and is shortened,
/// with a note, in the HTML report; an output folder that cannot be written is bad input.</summary>
[Collection(KernelCollection.Name)]
public sealed class LargeOutputTests
{
    [Fact]
    public void Collecting_a_hundred_thousand_printed_lines_takes_linear_time()
    {
        var outputs = new CellOutputs();
        var command = new SubmitCode("// printing");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 100_000; i++)
            outputs.Add(new StandardOutputValueProduced(command, [new FormattedValue(PlainTextFormatter.MimeType, i + "\n")]), 1);
        outputs.Add(new StandardErrorValueProduced(command, [new FormattedValue(PlainTextFormatter.MimeType, "done\n")]), 1);
        var stream = outputs.Outputs[0];
        clock.Stop();

        // Rejoining the whole output on every write (the old way) takes minutes for this many lines.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"100,000 writes took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(2, outputs.Outputs.Count);
        var lines = stream["text"]!.AsArray();
        Assert.Equal(100_000, lines.Count);
        Assert.Equal("99999\n", lines[^1]!.GetValue<string>());
        Assert.Equal("stderr", outputs.Outputs[1]["name"]!.GetValue<string>());
    }

    [Fact]
    public void A_long_printout_is_whole_in_the_notebook_and_shortened_with_a_note_in_the_report()
    {
        var folder = NotebookFixtures.NewTempFolder();
        var notebook = NotebookFixtures.WriteNotebook(folder, "chatty.ipynb",
            "for (var i = 0; i < 12_000; i++) Console.WriteLine($\"line {i}\");");
        var output = Path.Combine(folder, "out");

        var clock = Stopwatch.StartNew();
        var (exit, _, err) = NotebookFixtures.Cli("run", notebook, "-o", output);
        clock.Stop();

        Assert.True(exit == 0, err);
        // Loose, for a loaded machine: the old runner needed about 28 s for 8,000 lines and grew
        // quadratically (about a minute for these); the exact linearity check is the test above.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"12,000 lines took {clock.Elapsed.TotalSeconds:0.0} s");
        var text = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "chatty.ipynb")))!["cells"]![0]!["outputs"]![0]!["text"]!.AsArray();
        Assert.Equal(12_000, text.Count);
        Assert.Equal("line 11999\n", text[^1]!.GetValue<string>());
        var html = File.ReadAllText(Path.Combine(output, "chatty.html"));
        Assert.Contains("line 0\n", html);
        Assert.Contains("line 11999\n", html);
        Assert.DoesNotContain("line 6000\n", html);
        Assert.Contains("class=\"output shortened\"", html);
        Assert.Contains("7,500 lines", html);
        Assert.Contains("the executed notebook chatty.ipynb has all 12,000 lines", html);
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_is_exit_2_naming_it_before_anything_runs()
    {
        var folder = NotebookFixtures.NewTempFolder();
        var marker = Path.Combine(folder, "ran.txt");
        var notebook = NotebookFixtures.WriteNotebook(folder, "writes.ipynb", $"System.IO.File.WriteAllText(@\"{marker}\", \"ran\");");
        // A folder below a regular file can never be created, whoever runs the tests (root included).
        var blocker = Path.Combine(folder, "not-a-folder");
        File.WriteAllText(blocker, "");
        var output = Path.Combine(blocker, "reports");

        var (exit, stdout, err) = NotebookFixtures.Cli("run", notebook, "-o", output);

        Assert.Equal(2, exit);
        Assert.StartsWith($"workbooks: output folder '{output}' cannot be written", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Equal("", stdout);
        Assert.False(File.Exists(marker), "no notebook may run when the reports cannot be written");
    }
}
