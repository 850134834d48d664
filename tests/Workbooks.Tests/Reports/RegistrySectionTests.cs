using Workbooks.ModelOps.Monitoring.Reports;
using Workbooks.ModelOps.Registry;
using Xunit;
using Xunit.Abstractions;

namespace Workbooks.Tests.Reports;

/// <summary>
/// The report's registry section: the versions that served against the registry's. The registry stamps its moves
/// with the real clock, so the log's period is laid around today (it ends four days from now, far past the
/// one-hour grace a fresh promotion gets).
/// </summary>
public sealed class RegistrySectionTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-registry-report-").FullName;
    private readonly DateTime _monday = DateTime.UtcNow.Date.AddDays(-10);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string RegistryWith(params int[] champions)
    {
        var folder = Path.Combine(_dir, "registry");
        var registry = ModelRegistry.Open(folder);
        for (int v = 1; v <= 2; v++)
            registry.Register(SyntheticRegressionLog.Model, new MemoryStream([(byte)v]), options: new RegisterOptions { Metrics = new Dictionary<string, double> { ["mae"] = 1.3 + v / 10.0 } });
        foreach (int v in champions) registry.SetAlias(SyntheticRegressionLog.Model, "champion", v, "test");
        return folder;
    }

    private ReportSection Section(Func<int, string> periodVersion, string registry)
    {
        SyntheticRegressionLog.Write(_dir, _monday, 0.2, periodVersion, out var log, out var reference);
        var report = MonitoringReport.Create(new MonitoringReportRequest
        {
            Log = log, Reference = reference, Start = _monday.AddDays(7), End = _monday.AddDays(14), Registry = registry,
        });
        var section = report["registry"];
        output.WriteLine(section.ToString());
        Assert.Equal(section.Status, report.Summary().StatusOf("registry"));
        return section;
    }

    [Fact]
    public void Served_versions_that_are_registered_with_the_champion_serving_are_ok()
    {
        var registry = RegistryWith(1, 2);
        ModelRegistry.Open(registry).RecordDecision(new RetrainingDecision
        {
            Name = SyntheticRegressionLog.Model, Trigger = "drift:adwin", ChampionVersion = 1, ChallengerVersion = 2, Promoted = true, Reason = "mae 1.4 < 1.5",
        });
        var s = Section(i => i < 750 ? "1" : "2", registry);
        Assert.Equal(ReportStatus.Ok, s.Status);
        Assert.Contains("the champion, version 2, was serving at the end", s.Reason);
        Assert.Equal(0, s.Figures["unregistered_versions"]);
        Assert.Equal(2, s.Figures["alias_moves"]);
        Assert.Equal(1, s.Figures["retraining_decisions"]);
        Assert.Equal(2, s.Figures["champion_version"]);
        Assert.Contains(s.Details, d => d.Contains("drift:adwin"));
    }

    [Fact]
    public void A_version_that_served_without_being_registered_is_a_warning()
    {
        var s = Section(i => i < 750 ? "1" : "3", RegistryWith(1));
        Assert.Equal(ReportStatus.Warning, s.Status);
        Assert.Contains("version 3 served but is not registered", s.Reason);
        Assert.Equal(1, s.Figures["unregistered_versions"]);
    }

    [Fact]
    public void A_promotion_the_service_did_not_pick_up_is_a_warning()
    {
        var s = Section(_ => "1", RegistryWith(2));
        Assert.Equal(ReportStatus.Warning, s.Status);
        Assert.Contains("the champion is version 2", s.Reason);
        Assert.Contains("version 1 was serving at the end", s.Reason);
        Assert.StartsWith("check the service follows the registry", s.NextStep);
    }

    [Fact]
    public void A_registry_parameter_that_is_no_registry_or_lacks_the_model_fails_naming_it()
    {
        SyntheticRegressionLog.Write(_dir, _monday, 0.2, _ => "1", out var log, out var reference);
        MonitoringReportRequest Request(string registry) => MonitoringReportRequest.FromParameters(log, reference, registry: registry);
        var missing = Assert.Throws<MonitoringReportException>(() => MonitoringReport.Create(Request(Path.Combine(_dir, "nowhere"))));
        Assert.StartsWith("registry: There is no model registry in", missing.Message);
        var other = Path.Combine(_dir, "other");
        ModelRegistry.Open(other).Register("bikes", new MemoryStream([1]));
        var unknown = Assert.Throws<MonitoringReportException>(() => MonitoringReport.Create(Request(other)));
        Assert.Equal($"registry: '{other}' has no model 'rides' (models: bikes).", unknown.Message);
    }
}
