namespace Workbooks.ModelOps.Detectors.Evaluation;

/// <summary>
/// A stream of values with known change points, for measuring detectors. A change point is the index
/// of the first value of the new concept (for a gradual change, the first value of the transition).
/// A detection at index t is the true detection of change c when c ≤ t &lt; c + <see cref="DetectionWindow"/>
/// (the window ends early at the next change point) and it is the first detection in that window;
/// every other detection is a false alarm.
/// </summary>
/// <param name="Scenario">Name shared by repetitions of one scenario (rows of the quality table).</param>
/// <param name="Values">The stream: 0/1 errors for the binary detectors, any numbers for the others.</param>
/// <param name="ChangePoints">Indices where each change starts, ascending.</param>
/// <param name="DetectionWindow">How long after a change point a detection still counts as detecting it.</param>
/// <param name="Description">One line saying how the stream was made.</param>
/// <example>
/// <code>
/// var s = new ChangeStream("demo", new double[100], [50], 20, "zeros");
/// Console.WriteLine($"{s.ClassifyDetection(55)} {s.ClassifyDetection(75)}");
/// // prints: 0 -1
/// </code>
/// </example>
public sealed record ChangeStream(
    string Scenario, double[] Values, IReadOnlyList<int> ChangePoints, int DetectionWindow, string Description)
{
    /// <summary>The index in <see cref="ChangePoints"/> whose window holds <paramref name="index"/>, or −1.</summary>
    public int ClassifyDetection(int index)
    {
        for (int k = 0; k < ChangePoints.Count; k++)
        {
            int start = ChangePoints[k];
            int end = start + DetectionWindow;
            if (k + 1 < ChangePoints.Count) end = Math.Min(end, ChangePoints[k + 1]);
            if (index >= start && index < end) return k;
        }
        return -1;
    }
}
