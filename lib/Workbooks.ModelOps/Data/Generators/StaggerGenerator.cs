namespace Workbooks.ModelOps.Data.Generators;

/// <summary>
/// STAGGER concepts (Schlimmer and Granger, Machine Learning 1986): objects with a size (small, medium, large),
/// colour (red, green, blue) and shape (square, circle, triangle), all uniform. Concept A: size = small and
/// colour = red; B: colour = green or shape = circle; C: size = medium or large. The stream runs A → B → C → A
/// with abrupt changes, so the first concept recurs.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(StaggerGenerator.Label("small", "red", "circle", 'A'));
/// // prints: 1
/// </code>
/// </example>
public sealed class StaggerGenerator(int rows = 10_000, ulong seed = 1986) : IScenarioGenerator
{
    public static readonly string[] Sizes = ["small", "medium", "large"];
    public static readonly string[] Colours = ["red", "green", "blue"];
    public static readonly string[] Shapes = ["square", "circle", "triangle"];
    private static readonly char[] Order = ['A', 'B', 'C', 'A'];

    public string Name => "stagger_abrupt_drift";
    public string Description => "STAGGER concepts A → B → C → A, abrupt; categorical size/colour/shape, uniform; class = the concept's rule; no noise. Only P(y|x) drifts, and concept A recurs.";
    public string Reference => "J. C. Schlimmer and R. H. Granger, \"Incremental learning from noisy data\", Machine Learning 1(3), 1986.";
    public ulong Seed => seed;
    public int Rows => rows;
    public IReadOnlyList<ChangePoint> ChangePoints => Concepts.Evenly(rows, Order.Length, 0, i => FormattableString.Invariant($"concept {Order[i - 1]} → {Order[i]}"));

    /// <summary>The label of concept <paramref name="concept"/> ('A', 'B' or 'C').</summary>
    public static int Label(string size, string colour, string shape, char concept) => concept switch
    {
        'A' => size == "small" && colour == "red" ? 1 : 0,
        'B' => colour == "green" || shape == "circle" ? 1 : 0,
        'C' => size is "medium" or "large" ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(concept), concept, "STAGGER concepts are A, B and C."),
    };

    /// <summary>The concept letter at each position of the stream.</summary>
    public static char ConceptOf(int conceptIndex) => Order[conceptIndex];

    public Table Generate()
    {
        var random = new SeededRandom(seed);
        var columns = new ScenarioColumns(rows);
        var size = columns.Labels("size");
        var colour = columns.Labels("colour");
        var shape = columns.Labels("shape");
        var label = columns.Numbers("class");
        var changes = ChangePoints;
        for (int i = 0; i < rows; i++)
        {
            size[i] = Sizes[random.NextInt(3)];
            colour[i] = Colours[random.NextInt(3)];
            shape[i] = Shapes[random.NextInt(3)];
            label[i] = Label(size[i]!, colour[i]!, shape[i]!, Order[Concepts.At(i, changes, random)]);
        }
        return columns.Build(Name);
    }
}
