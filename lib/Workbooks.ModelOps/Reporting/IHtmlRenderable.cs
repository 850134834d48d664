namespace Workbooks.ModelOps.Reporting;

/// <summary>
/// A result that knows how to show itself as an HTML fragment (tables, charts). The notebook kernel
/// registers one formatter for every type that implements this, so the library stays free of any
/// .NET Interactive dependency while its results render richly in notebooks and reports.
/// </summary>
public interface IHtmlRenderable
{
    /// <summary>An HTML fragment (no &lt;html&gt; or &lt;body&gt;); Plotly charts may be embedded as
    /// produced by <c>ChartHtml</c>.</summary>
    string ToHtml();
}
