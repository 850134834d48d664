namespace Workbooks.ModelOps.Statistics;

/// <summary>A hypothesis test's statistic, p-value and the method that produced the p-value
/// (for example "exact" or "asymptotic").</summary>
public readonly record struct TestOutcome(double Statistic, double PValue, string Method);
