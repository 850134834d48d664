using System.Text;

namespace Workbooks.ModelOps.Data.Generators;

/// <summary>
/// The part of <c>data/README.md</c> about the real datasets bundled in <c>data/datasets/</c>: written from the
/// <see cref="DatasetCatalog"/> entries, so the README states exactly the sources, licences, citations and
/// checksums the catalog checks.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(BundledDatasetsReadme.Section().Split('\n')[0]);
/// // prints: ## Real datasets, bundled: `data/datasets/`
/// </code>
/// </example>
public static class BundledDatasetsReadme
{
    /// <summary>The README section, one entry per catalogued dataset.</summary>
    public static string Section()
    {
        var text = new StringBuilder();
        text.Append("## Real datasets, bundled: `data/datasets/`\n\n");
        text.Append("Prepared copies of the public datasets of `DatasetCatalog`, shipped so that a fresh clone runs the notebooks\n");
        text.Append("and the tests offline. The catalog takes a dataset from this folder first, then from `WORKBOOKS_DATA_MIRROR`,\n");
        text.Append("then by downloading its source; each file's SHA-256 is checked against the catalog before it is decompressed\n");
        text.Append("into the local cache (`WORKBOOKS_DATA_CACHE`). `SHA256SUMS` lists every file (`sha256sum -c SHA256SUMS`);\n");
        text.Append("`data/datasets/README.md` gives each file's origin, the changes made to it and the checks done.\n");
        text.Append("`adult.names` and `bike_sharing_Readme.txt` are the sources' own documentation, kept beside the data.\n\n");
        text.Append("Licences: the UCI datasets are CC BY 4.0; the others are redistributed freely by research toolkits (MOA,\n");
        text.Append("River, scikit-multiflow, OpenML) under the permission each entry names. Give attribution: cite the work named\n");
        text.Append("under each dataset when you use it.\n\n");
        foreach (var d in DatasetCatalog.Datasets)
        {
            text.Append(FormattableString.Invariant($"### {d.Name}: `{d.MirrorFile}`\n\n"));
            text.Append(FormattableString.Invariant($"- {d.Description}\n"));
            text.Append(FormattableString.Invariant($"- Rows: {d.RowCount:N0}; columns: {d.Columns.Count}.\n"));
            text.Append($"- Source: {string.Join(", ", d.Sources.Select(s => s.Url))}\n");
            text.Append($"- Preparation: {d.Preparation.Description}\n");
            text.Append($"- Licence: {d.Licence}\n");
            text.Append($"- Cite: {d.Citation}\n");
            text.Append($"- SHA-256: `{d.MirrorSha256}` (this file), `{d.CsvSha256}` (the prepared CSV).\n\n");
        }
        return text.ToString();
    }
}
