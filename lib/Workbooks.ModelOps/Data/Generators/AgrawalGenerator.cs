namespace Workbooks.ModelOps.Data.Generators;

/// <summary>
/// The loan-applicant generator of Agrawal, Imielinski and Swami (IEEE TKDE 5(6), 1993): nine attributes
/// (salary, commission, age, education level, car make, zip code, house value, years owned, loan) and their ten
/// classification functions; class 1 is the paper's "Group A". The stream switches function abruptly at evenly
/// spaced change points (by default F1 → F2 → F5 → F8), so P(y|x) drifts while P(x) stays put.
/// </summary>
/// <example>
/// <code>
/// var applicant = new AgrawalGenerator.Applicant(60_000, 20_000, 30, 1, 3, 2, 500_000, 25, 150_000);
/// Console.WriteLine($"{AgrawalGenerator.GroupA(applicant, 1)} {AgrawalGenerator.GroupA(applicant with { Age = 45 }, 1)}");
/// // prints: True False
/// </code>
/// </example>
public sealed class AgrawalGenerator(int[]? functions = null, int rows = 10_000, ulong seed = 1993) : IScenarioGenerator
{
    private readonly int[] _functions = Validate(functions ?? [1, 2, 5, 8]);

    public string Name => "agrawal_abrupt_drift";
    public string Description => FormattableString.Invariant($"Agrawal et al. loan applicants; classification function {string.Join(" → ", _functions.Select(f => "F" + f))}, abrupt; no noise. Features keep their distribution: only the labelling rule changes.");
    public string Reference => "R. Agrawal, T. Imielinski and A. Swami, \"Database mining: a performance perspective\", IEEE TKDE 5(6), 1993.";
    public ulong Seed => seed;
    public int Rows => rows;
    public IReadOnlyList<int> Functions => _functions;
    public IReadOnlyList<ChangePoint> ChangePoints => Concepts.Evenly(rows, _functions.Length, 0, i => FormattableString.Invariant($"function F{_functions[i - 1]} → F{_functions[i]}"));

    private static int[] Validate(int[] functions) =>
        functions.Length > 0 && functions.All(f => f is >= 1 and <= 10) ? functions
        : throw new ArgumentException(FormattableString.Invariant($"Agrawal functions are numbered 1 to 10; got [{string.Join(", ", functions)}]."), nameof(functions));

    /// <summary>One applicant; money in dollars.</summary>
    /// <example>
    /// <code>
    /// Console.WriteLine(new AgrawalGenerator.Applicant(60_000, 0, 30, 1, 3, 2, 500_000, 25, 150_000).Age);
    /// // prints: 30
    /// </code>
    /// </example>
    public readonly record struct Applicant(double Salary, double Commission, int Age, int Elevel, int Car, int Zipcode, double Hvalue, int Hyears, double Loan);

    /// <summary>True when the applicant is in Group A under function <paramref name="function"/> (1..10).</summary>
    public static bool GroupA(in Applicant a, int function)
    {
        static bool In(double v, double lo, double hi) => lo <= v && v <= hi;
        int band = a.Age < 40 ? 0 : a.Age < 60 ? 1 : 2;   // the paper's three age bands
        double total = a.Salary + a.Commission;
        double equity = a.Hyears >= 20 ? 0.1 * a.Hvalue * (a.Hyears - 20) : 0;
        return function switch
        {
            1 => band != 1,
            2 => band switch { 0 => In(a.Salary, 50e3, 100e3), 1 => In(a.Salary, 75e3, 125e3), _ => In(a.Salary, 25e3, 75e3) },
            3 => band switch { 0 => a.Elevel <= 1, 1 => a.Elevel is >= 1 and <= 3, _ => a.Elevel >= 2 },
            4 => band switch
            {
                0 => a.Elevel <= 1 ? In(a.Salary, 25e3, 75e3) : In(a.Salary, 50e3, 100e3),
                1 => a.Elevel is >= 1 and <= 3 ? In(a.Salary, 50e3, 100e3) : In(a.Salary, 75e3, 125e3),
                _ => a.Elevel >= 2 ? In(a.Salary, 50e3, 100e3) : In(a.Salary, 25e3, 75e3),
            },
            5 => band switch
            {
                0 => In(a.Salary, 50e3, 100e3) ? In(a.Loan, 100e3, 300e3) : In(a.Loan, 200e3, 400e3),
                1 => In(a.Salary, 75e3, 125e3) ? In(a.Loan, 200e3, 400e3) : In(a.Loan, 300e3, 500e3),
                _ => In(a.Salary, 25e3, 75e3) ? In(a.Loan, 300e3, 500e3) : In(a.Loan, 100e3, 300e3),
            },
            6 => band switch { 0 => In(total, 50e3, 100e3), 1 => In(total, 75e3, 125e3), _ => In(total, 25e3, 75e3) },
            7 => 0.67 * total - 0.2 * a.Loan - 20e3 > 0,
            8 => 0.67 * total - 5000 * a.Elevel - 20e3 > 0,
            9 => 0.67 * total - 5000 * a.Elevel - 0.2 * a.Loan - 10e3 > 0,
            10 => 0.67 * total - 5000 * a.Elevel + 0.2 * equity - 10e3 > 0,
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, "Agrawal functions are numbered 1 to 10."),
        };
    }

    /// <summary>Draws an applicant with the paper's attribute distributions (whole dollars).</summary>
    public static Applicant Draw(SeededRandom random)
    {
        double salary = Math.Round(random.Uniform(20e3, 150e3));
        double commission = salary >= 75e3 ? 0 : Math.Round(random.Uniform(10e3, 75e3));
        int age = 20 + random.NextInt(61);
        int elevel = random.NextInt(5);
        int car = 1 + random.NextInt(20);
        int zipcode = random.NextInt(9);
        // House value: uniform on [0.5k, 1.5k] x 100,000 with k set by the zip code (k = 9 - zipcode, as MOA does).
        double hvalue = Math.Round((9 - zipcode) * 100e3 * random.Uniform(0.5, 1.5));
        int hyears = 1 + random.NextInt(30);
        double loan = Math.Round(random.Uniform(0, 500e3));
        return new Applicant(salary, commission, age, elevel, car, zipcode, hvalue, hyears, loan);
    }

    public Table Generate()
    {
        var random = new SeededRandom(seed);
        var columns = new ScenarioColumns(rows);
        string[] names = ["salary", "commission", "age", "elevel", "car", "zipcode", "hvalue", "hyears", "loan"];
        var values = names.Select(columns.Numbers).ToArray();
        var label = columns.Numbers("class");
        var changes = ChangePoints;
        for (int i = 0; i < rows; i++)
        {
            var a = Draw(random);
            double[] row = [a.Salary, a.Commission, a.Age, a.Elevel, a.Car, a.Zipcode, a.Hvalue, a.Hyears, a.Loan];
            for (int c = 0; c < row.Length; c++) values[c][i] = row[c];
            label[i] = GroupA(a, _functions[Concepts.At(i, changes, random)]) ? 1 : 0;
        }
        return columns.Build(Name);
    }
}
