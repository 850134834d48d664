namespace Workbooks.Walkthroughs;

/// <summary>
/// A small online logistic regression trained by plain SGD with a constant learning rate, used
/// prequentially (predict, then learn) to turn a labelled stream into a model's 0/1 error stream.
/// A constant rate keeps it adapting, so every concept change shows as a burst of errors.
/// </summary>
/// <example>
/// <code>
/// var model = new OnlineLogisticRegression(features: 1, learningRate: 0.5);
/// for (int i = 0; i &lt; 200; i++) model.Learn([i % 2], i % 2);
/// Console.WriteLine(model.Predict([1.0]));
/// // prints: 1
/// </code>
/// </example>
public sealed class OnlineLogisticRegression(int features, double learningRate)
{
    private readonly double[] _weights = new double[features];
    private double _bias;

    /// <summary>P(y = 1 | x).</summary>
    public double Probability(ReadOnlySpan<double> x)
    {
        double z = _bias;
        for (int j = 0; j < _weights.Length; j++) z += _weights[j] * x[j];
        return 1.0 / (1.0 + Math.Exp(-z));
    }

    /// <summary>The predicted class, 0 or 1.</summary>
    public int Predict(ReadOnlySpan<double> x) => Probability(x) >= 0.5 ? 1 : 0;

    /// <summary>One SGD step on the log loss.</summary>
    public void Learn(ReadOnlySpan<double> x, double y)
    {
        double gradient = Probability(x) - y;
        for (int j = 0; j < _weights.Length; j++) _weights[j] -= learningRate * gradient * x[j];
        _bias -= learningRate * gradient;
    }
}
