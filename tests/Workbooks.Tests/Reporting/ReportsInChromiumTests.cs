using PuppeteerSharp;
using Workbooks.Tests.Notebooks;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Reporting;

/// <summary>
/// Every HTML report of a notebook run, as a person sees it: Debian's Chromium (no browser download) opens
/// index.html and each notebook's report at a 1400 px window and checks that every chart container drew its
/// SVG, nothing makes the page wider than the window, no output needs a sideways scroll bar, and the console
/// stays free of errors (failed loads included); then at 800 px, that the page still fits and every chart
/// shrank with its column. The reports are those of the one shared notebooks/ run
/// (<see cref="NotebookFolderRun"/>), so this costs a browser, not another run of the notebooks.
/// Set WORKBOOKS_REPORTS to a reports folder to check that one instead, and WORKBOOKS_SCREENSHOTS to a
/// folder to keep a screenshot of each chart and table (how docs/screenshots was made).
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class ReportsInChromiumTests(ITestOutputHelper output)
{
    private const int WindowWidth = 1400;

    // A narrow window: the page must still fit, and charts must shrink with it.
    private const int NarrowWidth = 800;

    // Outputs (tables, text, charts) a reader sees, and the elements that would overflow them.
    private const string WideOutputs = """
        () => [...document.querySelectorAll('.output, .output table, .wb-plotly, main table, header')]
          .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'hidden')
          .map(e => (e.closest('section')?.id || e.tagName) + ': ' + e.scrollWidth + ' px content in ' + e.clientWidth + ' px')
        """;

    private const string UndrawnCharts = """
        () => [...document.querySelectorAll('.wb-plotly')]
          .filter(e => !e.querySelector('svg.main-svg') || e.getBoundingClientRect().width < 200)
          .map(e => (e.closest('section')?.id || '?') + ' #' + e.id)
        """;

    private const string ChartsWiderThanTheirColumn = """
        () => [...document.querySelectorAll('.wb-plotly')]
          .filter(e => e.querySelector('svg.main-svg') && e.querySelector('svg.main-svg').getBoundingClientRect().width > e.getBoundingClientRect().width + 1)
          .map(e => (e.closest('section')?.id || '?') + ' #' + e.id + ': ' + Math.round(e.querySelector('svg.main-svg').getBoundingClientRect().width) + ' px chart in ' + Math.round(e.getBoundingClientRect().width) + ' px')
        """;

    [SkippableFact]
    public async Task Every_report_draws_its_charts_fits_the_window_and_logs_no_errors()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null) Requirements.Missing("chromium is not installed (apt-get install chromium)");
        var folder = Environment.GetEnvironmentVariable("WORKBOOKS_REPORTS") is { Length: > 0 } given ? given : NotebookFolderRun.Folder;
        var screenshots = Environment.GetEnvironmentVariable("WORKBOOKS_SCREENSHOTS");
        var pages = Directory.GetFiles(folder, "*.html").OrderBy(p => Path.GetFileName(p) == "index.html" ? "" : Path.GetFileName(p), StringComparer.Ordinal).ToList();
        Assert.Contains(Path.Combine(folder, "index.html"), pages);
        Assert.True(pages.Count >= 2, $"no notebook reports in {folder}");

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var problems = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var path in pages)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            await using var page = await browser.NewPageAsync();
            await page.SetViewportAsync(new ViewPortOptions { Width = WindowWidth, Height = 900 });
            var errors = new List<string>();
            page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) lock (errors) errors.Add("console: " + e.Message.Text); };
            page.PageError += (_, e) => { lock (errors) errors.Add("page error: " + e.Message); };
            page.RequestFailed += (_, e) => { lock (errors) errors.Add("failed load: " + e.Request.Url); };
            await page.GoToAsync(new Uri(path).AbsoluteUri, new NavigationOptions { Timeout = 60_000, WaitUntil = [WaitUntilNavigation.Load] });
            var charts = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.wb-plotly').length");
            try
            {
                await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.wb-plotly')].every(e => e.querySelector('svg.main-svg'))",
                    new WaitForFunctionOptions { Timeout = 30_000, PollingInterval = 200 });
            }
            catch (WaitTaskTimeoutException) { /* listed below, chart by chart */ }
            var undrawn = await page.EvaluateFunctionAsync<string[]>(UndrawnCharts);
            var pageWidth = await page.EvaluateExpressionAsync<int>("document.documentElement.scrollWidth");
            var wide = await page.EvaluateFunctionAsync<string[]>(WideOutputs);
            output.WriteLine($"{name}: {charts} charts, {undrawn.Length} not drawn, page {pageWidth} px wide, {wide.Length} wide outputs, {errors.Count} errors");
            problems.AddRange(undrawn.Select(c => $"{name}: chart not drawn (or narrower than 200 px) in {c}"));
            if (pageWidth > WindowWidth) problems.Add($"{name}: the page is {pageWidth} px wide in a {WindowWidth} px window");
            problems.AddRange(wide.Select(w => $"{name}: output wider than its column, {w}"));
            lock (errors) problems.AddRange(errors.Select(e => $"{name}: {e}"));
            if (screenshots is { Length: > 0 }) await SaveScreenshots(page, Path.Combine(screenshots, name));

            // plotly.js redraws on the window's resize event (debounced): wait until the charts fit, or 15 s.
            await page.SetViewportAsync(new ViewPortOptions { Width = NarrowWidth, Height = 900 });
            try
            {
                await page.WaitForFunctionAsync($"() => ({ChartsWiderThanTheirColumn})().length === 0",
                    new WaitForFunctionOptions { Timeout = 15_000, PollingInterval = 200 });
            }
            catch (WaitTaskTimeoutException) { /* listed below, chart by chart */ }
            var narrowWidth = await page.EvaluateExpressionAsync<int>("document.documentElement.scrollWidth");
            if (narrowWidth > NarrowWidth) problems.Add($"{name}: the page is {narrowWidth} px wide in a {NarrowWidth} px window");
            problems.AddRange((await page.EvaluateFunctionAsync<string[]>(ChartsWiderThanTheirColumn)).Select(c => $"{name} at {NarrowWidth} px: {c}"));
        }
        output.WriteLine($"{pages.Count} pages checked in {clock.Elapsed.TotalSeconds:0.0} s ({folder})");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // One picture per chart and per table output (and the top of the page), for a person to look at.
    private static async Task SaveScreenshots(IPage page, string folder)
    {
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(Path.Combine(folder, "top.png"));
        var elements = await page.QuerySelectorAllAsync(".wb-plotly, .output.display > table, .output.display > div > table, main > table, .output.display .wb-frame");
        for (var i = 0; i < elements.Length; i++)
        {
            var box = await elements[i].BoundingBoxAsync();
            if (box is null || box.Height < 10) continue;
            await elements[i].ScreenshotAsync(Path.Combine(folder, $"{i:00}.png"));
        }
    }
}
