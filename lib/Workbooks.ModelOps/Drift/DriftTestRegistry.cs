using System.Collections.Concurrent;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Drift.StatTests;

namespace Workbooks.ModelOps.Drift;

/// <summary>
/// Every univariate drift test, found by its Evidently key. Reports, the automatic choice and the CLI
/// all resolve tests here; a user may <see cref="Register"/> a test of their own.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(string.Join(",", DriftTestRegistry.Names.Take(3)));   // ks,wasserstein,jensenshannon
/// </code>
/// </example>
public static class DriftTestRegistry
{
    private static readonly ConcurrentDictionary<string, IDriftTest> ByName = new(StringComparer.Ordinal);
    private static readonly List<string> Order = new();
    private static readonly object Gate = new();

    static DriftTestRegistry()
    {
        IDriftTest[] builtIn =
        [
            new KsDriftTest(), new WassersteinDriftTest(), new JensenShannonDriftTest(), new PsiDriftTest(),
            new KlDivergenceDriftTest(), new HellingerDriftTest(), new AndersonDarlingDriftTest(),
            new CramerVonMisesDriftTest(), new EnergyDistanceDriftTest(), new MannWhitneyDriftTest(),
            new WelchTTestDriftTest(), new ChiSquareDriftTest(), new ZTestDriftTest(), new FisherExactDriftTest(),
            new GTestDriftTest(), new TotalVariationDriftTest(),
        ];
        foreach (var t in builtIn) Register(t);
    }

    /// <summary>Test names in registration order (the built-in ones first, in the issue's order).</summary>
    public static IReadOnlyList<string> Names { get { lock (Gate) return Order.ToArray(); } }

    /// <summary>All registered tests in registration order.</summary>
    public static IReadOnlyList<IDriftTest> All => Names.Select(n => ByName[n]).ToArray();

    /// <summary>The tests that apply to columns of this kind.</summary>
    public static IReadOnlyList<IDriftTest> For(ColumnKind kind) => All.Where(t => t.Descriptor.AppliesTo(kind)).ToArray();

    public static bool TryGet(string name, out IDriftTest test) => ByName.TryGetValue(name, out test!);

    /// <summary>The test with this name, or an error listing the known names.</summary>
    public static IDriftTest Get(string name) => TryGet(name, out var t) ? t
        : throw new KeyNotFoundException($"Unknown drift test '{name}'. Known tests: {string.Join(", ", Names)}.");

    /// <summary>Adds (or replaces) a test under its descriptor's name.</summary>
    public static void Register(IDriftTest test)
    {
        lock (Gate)
        {
            if (!ByName.ContainsKey(test.Descriptor.Name)) Order.Add(test.Descriptor.Name);
            ByName[test.Descriptor.Name] = test;
        }
    }
}
