namespace Workbooks.Serving;

/// <summary>Where predictions are cached: nowhere, in process memory (L1), or in memory backed by Redis (L1 + L2).</summary>
public enum CacheMode { None, Memory, Redis }

/// <summary>
/// Settings of the model service, bound from the configuration section <c>Serving</c> (appsettings.json, environment
/// variables such as <c>Serving__Cache=redis</c>, command-line <c>--Serving:Port=8080</c>); <c>workbooks serve</c>
/// maps its options onto the same keys.
/// </summary>
/// <example>
/// <code>
/// var options = new ServingOptions { Model = "bike.zip", Cache = CacheMode.Redis, Redis = "127.0.0.1:6379" };
/// options.Validate();
/// Console.WriteLine($"{options.Cache} {options.Alias} {options.CacheTtl}");
/// // prints: Redis champion 00:10:00
/// </code>
/// </example>
public sealed class ServingOptions
{
    public const string Section = "Serving";

    /// <summary>A model file (a saved <c>TrainedModel</c> or plain ML.NET zip); replacing it swaps the model.</summary>
    public string? Model { get; set; }
    /// <summary>A model registry folder; with <see cref="Name"/> and <see cref="Alias"/> the service follows the alias.</summary>
    public string? Registry { get; set; }
    /// <summary>The registered model's name (registry), or the name to serve a file under (default: the file name).</summary>
    public string? Name { get; set; }
    public string Alias { get; set; } = "champion";
    /// <summary>How often the alias or the file is checked for a new version.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public string Host { get; set; } = "127.0.0.1";
    /// <summary>The TCP port; 0 picks a free one (the bound address is printed and kept in <c>ServingApp.Url</c>).</summary>
    public int Port { get; set; } = 8080;

    public CacheMode Cache { get; set; } = CacheMode.Memory;
    /// <summary>Redis as <c>HOST:PORT</c> (or any StackExchange.Redis configuration string), for <see cref="CacheMode.Redis"/>.</summary>
    public string? Redis { get; set; }
    /// <summary>How long a cached prediction lives (in L1 and L2).</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>The bound on the in-memory cache, in bytes of cached entries (least recently used go first).</summary>
    public long CacheSizeBytes { get; set; } = 64L << 20;
    /// <summary>How long one Redis call may take before it counts as an error and the request goes on without it.</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Record every call with the model monitor (latency, throughput, errors, label join, meters).</summary>
    public bool Monitor { get; set; } = true;
    /// <summary>The DuckDB prediction log, flushed on shutdown; none when null.</summary>
    public string? Log { get; set; }
    /// <summary>Predictions per monitor window.</summary>
    public int WindowSize { get; set; } = 1000;

    /// <summary>Rows one request may carry.</summary>
    public int MaxBatchRows { get; set; } = 1000;
    /// <summary>The largest request body accepted, in bytes (larger: 400, never read whole).</summary>
    public long MaxBodyBytes { get; set; } = 1 << 20;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is wrong.</summary>
    public void Validate()
    {
        if ((Model is null) == (Registry is null)) throw new ArgumentException("Serving: give either a model file (--model) or a registry (--registry with --name), not both and not neither.");
        if (Registry is not null && string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("Serving: --registry needs --name, the registered model to serve.");
        if (Cache == CacheMode.Redis && string.IsNullOrWhiteSpace(Redis)) throw new ArgumentException("Serving: --cache redis needs --redis HOST:PORT.");
        if (Port is < 0 or > 65535) throw new ArgumentException($"Serving: --port {Port} is not a TCP port (0 to 65535).");
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentException("Serving: PollInterval must be positive.");
        if (CacheTtl <= TimeSpan.Zero) throw new ArgumentException("Serving: CacheTtl must be positive.");
        if (CacheSizeBytes < 1024) throw new ArgumentException("Serving: CacheSizeBytes must be at least 1024.");
        if (MaxBatchRows < 1) throw new ArgumentException("Serving: MaxBatchRows must be at least 1.");
        if (MaxBodyBytes < 64) throw new ArgumentException("Serving: MaxBodyBytes must be at least 64.");
        if (WindowSize < 1) throw new ArgumentException("Serving: WindowSize must be at least 1.");
    }
}
