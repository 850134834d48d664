using System.Globalization;
using System.Reflection;

namespace Workbooks.ModelOps.Monitoring;

/// <summary>
/// Turns a model output into a <see cref="PredictionView"/> (class and score) for metrics and logs.
/// The default understands numbers (regression), bool and string (classes), and ML.NET output classes
/// with a <c>PredictedLabel</c> and a <c>Probability</c> or <c>Score</c> member.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine(PredictionProjection.Default&lt;bool&gt;()(true));
/// Console.WriteLine(PredictionProjection.Default&lt;float&gt;()(2.5f));
/// // prints: PredictionView { Class = True, Score = 1 }
/// // prints: PredictionView { Class = , Score = 2.5 }
/// </code>
/// </example>
public static class PredictionProjection
{
    public static Func<TOut, PredictionView> Default<TOut>()
    {
        var t = typeof(TOut);
        if (t == typeof(bool)) return o => new PredictionView(((bool)(object)o!).ToString(), (bool)(object)o! ? 1 : 0);
        if (t == typeof(string)) return o => new PredictionView((string?)(object?)o, double.NaN);
        if (t == typeof(double) || t == typeof(float) || t == typeof(int) || t == typeof(long) || t == typeof(decimal))
            return o => new PredictionView(null, Convert.ToDouble(o, CultureInfo.InvariantCulture));
        var label = Member(t, "PredictedLabel");
        var score = Member(t, "Probability") ?? Member(t, "Score");
        if (label is null && score is null)
            return o => new PredictionView(o?.ToString(), double.NaN);
        return o =>
        {
            if (o is null) return new PredictionView(null, double.NaN);
            object? l = label?.Invoke(o), s = score?.Invoke(o);
            return new PredictionView(l is null ? null : Convert.ToString(l, CultureInfo.InvariantCulture), ToScore(s));
        };
    }

    private static double ToScore(object? s) => s switch
    {
        null => double.NaN,
        float[] v => v.Length == 0 ? double.NaN : v.Max(),   // multiclass scores: the winning class's
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => double.NaN,
    };

    private static Func<object, object?>? Member(Type t, string name)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase;
        if (t.GetProperty(name, flags) is { CanRead: true } p) return p.GetValue;
        if (t.GetField(name, flags) is { } f) return f.GetValue;
        return null;
    }
}
