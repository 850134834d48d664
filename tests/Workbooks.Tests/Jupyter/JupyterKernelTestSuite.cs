using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Jupyter;

/// <summary>
/// The Jupyter project's own kernel test suite (jupyter_kernel_test, Debian python3-jupyter-kernel-test)
/// against <c>workbooks jupyter kernel</c>, started by jupyter_client from the kernelspec, with a C#
/// sample for every test the suite defines. Every test must run (none skipped) and pass.
/// </summary>
[Collection(JupyterClients.Collection)]
public sealed class JupyterKernelTestSuite(ITestOutputHelper output)
{
    // Python's unittest module: one subclass of KernelTests whose class attributes are the samples.
    private const string Suite = """"
        import unittest
        import jupyter_kernel_test

        class WorkbooksKernelTests(jupyter_kernel_test.KernelTests):
            kernel_name = ".net-csharp"
            language_name = "C#"
            file_extension = ".cs"

            code_hello_world = 'Console.WriteLine("hello, world");'
            code_stderr = 'Console.Error.WriteLine("something went wrong");'
            completion_samples = [
                {"text": "Console.WriteL", "matches": {"WriteLine"}},
                {"text": "Math.Sq", "matches": {"Sqrt"}},
                {"text": "var numbers = new List<int>(); numbers.AddR", "matches": {"AddRange"}},
            ]
            complete_code_samples = ["1 + 1", "var x = 1;", 'Console.WriteLine("done");', "if (true) { }", "#r \"nuget:Sylvan.Data.Csv\""]
            incomplete_code_samples = ["if (true) {", "var list = new List<int> {", "int Twice(int x) {", 'var s = """']
            invalid_code_samples = ["var x = ;", "1 +/ 2", ")", "int int = 3;"]
            code_page_something = "Console.WriteLine?"
            code_generate_error = 'throw new InvalidOperationException("boom");'
            code_execute_result = [
                {"code": "6 * 7", "result": "42"},
                {"code": '"hello" + ", " + "world"', "result": "hello, world"},
                {"code": "Math.Sqrt(16)", "result": "4"},
                {"code": 'HTML("<table><tr><td>1</td></tr></table>")', "mime": "text/html"},
            ]
            code_display_data = [
                {"code": 'display(HTML("<b>bold</b>"));', "mime": "text/html"},
                {"code": "display(3.5);", "mime": "text/plain"},
                {"code": "var t = new Plotly.NET.Trace2D(\"scatter\"); t.SetProperty(\"y\", new[] { 1, 3, 2 }); display(Plotly.NET.GenericChart.ofTraceObject(true, t));", "mime": "application/vnd.plotly.v1+json"},
            ]
            code_history_pattern = "6 * 7"
            supported_history_operations = ("tail", "range", "search")
            code_inspect_sample = "Console.WriteLine"
            code_clear_output = 'Console.WriteLine("soon gone"); Workbooks.Notebooks.Jupyter.Output.Clear();'

            @classmethod
            def setUpClass(cls):
                super().setUpClass()
                # The suite allows 15 s per reply; pay the C# kernel's first compilation (seconds, more on a
                # busy machine) before it starts counting.
                cls.kc.execute_interactive("using System;", timeout=300, output_hook=lambda m: None)

        if __name__ == "__main__":
            unittest.main(verbosity=2)
        """";

    [SkippableFact]
    public void Every_jupyter_kernel_test_runs_and_passes()
    {
        var python = JupyterClients.RequirePython("jupyter_kernel_test", "jupyter_client");
        var root = JupyterClients.InstallKernelSpec();
        try
        {
            var script = Path.Combine(root, "workbooks_kernel_tests.py");
            File.WriteAllText(script, Suite);
            var (code, text) = JupyterClients.Run(python, [script], JupyterClients.ClientEnvironment(root), TimeSpan.FromMinutes(4), root);
            output.WriteLine(text);
            Assert.True(code == 0, $"jupyter_kernel_test failed (exit {code}):\n{text}");
            Assert.Contains("OK", text);
            Assert.DoesNotContain("skipped", text);
            // One line per test method of KernelTests: all 12 of jupyter_kernel_test 0.4.5 ran.
            Assert.Contains("Ran 12 tests", text);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
