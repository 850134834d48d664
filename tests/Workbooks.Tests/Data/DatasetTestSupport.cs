using System.Net;
using Workbooks.ModelOps.Data;

namespace Workbooks.Tests.Data;

/// <summary>Serves fixed bytes per URL, like a tiny offline internet; any other URL fails as with no network.</summary>
internal sealed class FakeWeb(IReadOnlyDictionary<string, byte[]> files) : HttpMessageHandler
{
    public List<string> Requested { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.AbsoluteUri;
        Requested.Add(url);
        if (!files.TryGetValue(url, out var bytes))
            throw new HttpRequestException($"Name or service not known ({request.RequestUri.Host})");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) });
    }
}

/// <summary>A fresh cache folder (and helpers) per test; deleted afterwards.</summary>
internal sealed class TempCache : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "wb-cache-" + Guid.NewGuid().ToString("N"));

    /// <summary>The repository's bundled prepared files (data/datasets), used as a mirror folder by the store tests.</summary>
    public static string Bundled => TestEnvironment.BundledData;

    public DatasetStore Store(string? mirror = null, bool offline = false, IReadOnlyDictionary<string, byte[]>? web = null) =>
        new(new DatasetStoreOptions
        {
            CacheDirectory = Directory,
            MirrorDirectory = mirror,
            Offline = offline,
            Http = new HttpClient(new FakeWeb(web ?? new Dictionary<string, byte[]>())),
        });

    /// <summary>Every file in the cache folder, hidden temporaries included.</summary>
    public string[] Files() => System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetFiles(Directory) : [];

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
