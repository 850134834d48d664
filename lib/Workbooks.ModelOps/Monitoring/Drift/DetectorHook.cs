using Workbooks.ModelOps.Detectors;

namespace Workbooks.ModelOps.Monitoring.Drift;

/// <summary>
/// Plugs any streaming <see cref="DriftDetector"/> (ADWIN, DDM, Page-Hinkley...) into a monitor through
/// <see cref="MonitorPipeline{TIn, TOut}.AddDetector"/>: the monitor feeds it one value per labeled prediction
/// (by default 1 when incorrect) and publishes <c>detector.&lt;name&gt;</c> (1 at a drift). The hook also keeps
/// where the detector fired, counted in values fed (0-based).
/// </summary>
/// <example>
/// <code>
/// var hook = DetectorHook.Create("page_hinkley");
/// for (int i = 0; i &lt; 200; i++) hook.Update(i &lt; 100 ? 0.0 : 10.0);
/// Console.WriteLine($"{hook.Name}: {hook.Updates} values, drift at {string.Join(", ", hook.Detections)}");
/// // prints: page_hinkley: 200 values, drift at 105
/// </code>
/// </example>
public sealed class DetectorHook : IStreamDetectorHook
{
    private readonly List<long> _detections = new();
    private long _updates;

    /// <param name="detector">The detector fed by the monitor (it should not be fed elsewhere).</param>
    /// <param name="name">Metric name suffix; null: the detector's own name (e.g. <c>adwin</c>).</param>
    public DetectorHook(DriftDetector detector, string? name = null)
    {
        Detector = detector ?? throw new ArgumentNullException(nameof(detector));
        Name = string.IsNullOrWhiteSpace(name) ? detector.Name : name;
    }

    /// <summary>A hook around a detector of <see cref="DetectorCatalog"/>, by name and River's parameter names.</summary>
    public static DetectorHook Create(string detector, IReadOnlyDictionary<string, string>? parameters = null, string? name = null) =>
        new(DetectorCatalog.Create(detector, parameters), name);

    public string Name { get; }
    public DriftDetector Detector { get; }
    /// <summary>Values fed so far.</summary>
    public long Updates => Interlocked.Read(ref _updates);
    /// <summary>0-based positions, among the values fed, at which the detector signalled drift.</summary>
    public IReadOnlyList<long> Detections { get { lock (_detections) return _detections.ToArray(); } }

    public bool Update(double value)
    {
        Detector.Update(value);
        long position = Interlocked.Increment(ref _updates) - 1;
        if (!Detector.DriftDetected) return false;
        lock (_detections) _detections.Add(position);
        return true;
    }
}
