using System.Diagnostics;
using System.Net.Http;
using System.Net.Sockets;
using PuppeteerSharp;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Jupyter;

/// <summary>
/// Jupyter Notebook (Debian jupyter-notebook, the classic UI, which has no Plotly renderer and so uses
/// the text/html fallback) in headless Chromium: open a project notebook, run all cells on this kernel,
/// and a Plotly chart draws, with every request that leaves the machine blocked (no network).
/// </summary>
[Collection(JupyterClients.Collection)]
public sealed class NotebookInChromiumTests(ITestOutputHelper output)
{
    private const string Notebook = "05-performance-without-labels.ipynb";

    [SkippableFact]
    public async Task A_project_notebook_run_in_Jupyter_Notebook_draws_its_Plotly_chart_offline()
    {
        JupyterClients.RequirePython("notebook", "jupyter_client");
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "chromium is not installed; CI must run this test.");
            Skip.If(true, "chromium is not installed (apt-get install chromium; .ci/run does).");
        }
        var root = JupyterClients.InstallKernelSpec();
        var work = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
        File.Copy(Path.Combine(TestEnvironment.RepoRoot, "notebooks", Notebook), Path.Combine(work, Notebook));
        var port = FreePort();
        var token = Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
        foreach (var argument in new[] { "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", $"--port={port}", "--port-retries=0",
                     $"--NotebookApp.token={token}", $"--notebook-dir={work}" })
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in JupyterClients.ClientEnvironment(root)) start.Environment[name] = value;
        start.Environment["JUPYTER_CONFIG_DIR"] = Path.Combine(root, "config");
        start.Environment["HOME"] = root;
        using var server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var baseUrl = $"http://127.0.0.1:{port}";
            await WaitForServer($"{baseUrl}/api/status?token={token}");
            await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            });
            await using var page = await browser.NewPageAsync();
            await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
            var blocked = new List<string>();
            await page.SetRequestInterceptionAsync(true);
            page.Request += async (_, e) =>
            {
                if (e.Request.Url.StartsWith(baseUrl, StringComparison.Ordinal) || e.Request.Url.StartsWith("data:", StringComparison.Ordinal)) await e.Request.ContinueAsync();
                else { lock (blocked) blocked.Add(e.Request.Url); await e.Request.AbortAsync(); }
            };
            await page.GoToAsync($"{baseUrl}/notebooks/{Notebook}?token={token}", new NavigationOptions { Timeout = 120_000 });
            await page.WaitForFunctionAsync("() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()",
                new WaitForFunctionOptions { Timeout = 120_000, PollingInterval = 500 });
            var clock = Stopwatch.StartNew();
            await page.EvaluateExpressionAsync("Jupyter.notebook.execute_all_cells()");
            // Drawn: plotly.js made its SVG with at least one trace in it.
            await page.WaitForSelectorAsync(".js-plotly-plot .main-svg .trace", new WaitForSelectorOptions { Timeout = 480_000 });
            await page.WaitForFunctionAsync("() => Jupyter.notebook.kernel_busy === false || document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null",
                new WaitForFunctionOptions { Timeout = 480_000, PollingInterval = 1000 });
            output.WriteLine($"run all cells until a chart drew: {clock.Elapsed.TotalSeconds:0} s");
            var charts = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.js-plotly-plot .main-svg').length");
            var errors = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.output_error').length");
            var element = await page.QuerySelectorAsync(".js-plotly-plot");
            await element.ScrollIntoViewAsync();
            var screenshot = Path.Combine(TestEnvironment.RepoRoot, "artifacts", "screenshots", "jupyter-notebook-chart.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            await page.ScreenshotAsync(screenshot);
            output.WriteLine($"{charts} chart SVGs, {errors} error outputs, blocked requests: {string.Join(", ", blocked)}; screenshot {screenshot}");
            Assert.True(charts >= 1);
            Assert.Equal(0, errors);
            Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is nearly empty");
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            server.WaitForExit(10_000);
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task WaitForServer(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try { if ((await http.GetAsync(url)).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Assert.True(DateTime.UtcNow < deadline, "Jupyter Notebook did not start within 90 s");
            await Task.Delay(500);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
