using System.Net;
using System.Text;
using System.Text.Json;
using Workbooks.ModelOps.Monitoring;
using Workbooks.Serving;
using Workbooks.Serving.Hosting;
using Xunit;

namespace Workbooks.Tests.Serving;

/// <summary>A real service on a free loopback port, driven over HTTP: answers, bad requests, a model that throws,
/// labels, metrics, and the prediction log flushed by a graceful shutdown.</summary>
public sealed class ServiceTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wb-serve-").FullName;
    private ServingApp _service = null!;
    private HttpClient _http = null!;
    private string _log = null!;

    public async Task InitializeAsync()
    {
        _log = Path.Combine(_dir, "log.duckdb");
        _service = await ServingApp.StartAsync(new ServingOptions { Model = ServingModels.Save(ServingModels.Base, _dir), Name = "svc", Port = 0, Log = _log, MaxBodyBytes = 4096, MaxBatchRows = 50 });
        _http = new HttpClient { BaseAddress = new Uri(_service.Url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _service.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string path, string body)
    {
        using var response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task One_row_and_a_batch_are_answered_with_the_models_prediction_version_cache_flag_and_id()
    {
        double expected = ServingModels.Expected(ServingModels.Base, 4.5, "b");
        var (status, one) = await Post("/predict", ServingModels.Row(4.5, "b"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, one.GetProperty("score").GetDouble(), 5);
        Assert.Equal("svc", one.GetProperty("model").GetString());
        Assert.Equal(_service.Models.Current!.Version, one.GetProperty("version").GetString());
        Assert.False(one.GetProperty("cached").GetBoolean());
        // the same row, fields in another order and the number written differently: the same cache entry
        var (_, again) = await Post("/predict", """{"c":"b","x":4.50e0,"ignored":true}""");
        Assert.True(again.GetProperty("cached").GetBoolean());
        Assert.Equal(expected, again.GetProperty("score").GetDouble(), 5);
        Assert.NotEqual(one.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());

        var (batchStatus, batch) = await Post("/predict", $"[{ServingModels.Row(1, "a")},{ServingModels.Row(9, "c")},{ServingModels.Row(4.5, "b")}]");
        Assert.Equal(HttpStatusCode.OK, batchStatus);
        var answers = batch.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(3, answers.Count);
        Assert.Equal(ServingModels.Expected(ServingModels.Base, 9, "c"), answers[1].GetProperty("score").GetDouble(), 5);
        Assert.True(answers[2].GetProperty("cached").GetBoolean());
        var (_, wrapped) = await Post("/predict", $$"""{"rows":[{{ServingModels.Row(1, "a")}}]}""");
        Assert.Single(wrapped.GetProperty("predictions").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"c":"a"}""", "x: missing column")]
    [InlineData("""{"x":"3","c":"a"}""", "x: expected a number, got a string")]
    [InlineData("""{"x":3,"c":[1]}""", "c: expected a string (a category), got an array")]
    [InlineData("""[{"x":1,"c":"a"},{"x":true,"c":"a"}]""", "rows[1].x: expected a number, got a boolean")]
    [InlineData("""{"x":3,"c":"a" """, "body: malformed JSON")]
    [InlineData("""[]""", "rows: the batch is empty")]
    [InlineData("""42""", "body: expected a row object")]
    [InlineData("", "body: empty")]
    public async Task Bad_requests_get_a_400_naming_the_field_count_as_client_errors_and_never_reach_the_model(string body, string message)
    {
        var monitor = _service.Predictions.Monitor!.Monitor;
        long before = monitor.Counts.Requests;
        var (status, error) = await Post("/predict", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(message, error.GetProperty("error").GetString());
        Assert.Equal(before, monitor.Counts.Requests);
        var metrics = await _http.GetStringAsync("/metrics");
        Assert.Contains("outcome=\"client_error\"", metrics);
        Assert.Contains("http_response_status_code=\"400\"", metrics);
    }

    [Fact]
    public async Task Oversized_bodies_and_batches_are_refused_with_their_size()
    {
        var big = "[" + string.Join(",", Enumerable.Repeat(ServingModels.Row(1, "a"), 400)) + "]";
        var (status, error) = await Post("/predict", big);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Matches(@"^body: \d+ bytes, at most 4096 are accepted", error.GetProperty("error").GetString());
        var many = "[" + string.Join(",", Enumerable.Repeat("""{"x":1,"c":"a"}""", 60)) + "]";
        (status, error) = await Post("/predict", many);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("rows: 60 rows in one request, at most 50 are accepted", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_model_that_throws_is_a_500_counted_as_a_failure_and_the_service_keeps_answering()
    {
        var good = _service.Models.Current!;
        _service.Models.Swap(new ServedModel(good.Model, "svc", "broken", _ => throw new InvalidOperationException("tree 3 is corrupt")));
        var (status, error) = await Post("/predict", ServingModels.Row(2, "a"));
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("tree 3 is corrupt", error.GetProperty("error").GetString());
        var monitor = _service.Predictions.Monitor!.Monitor;
        monitor.Flush();
        Assert.Equal(1, monitor.VersionCounts.Single(v => v.Version == "broken").Failures);
        Assert.Contains("outcome=\"server_error\"", await _http.GetStringAsync("/metrics"));
        _service.Models.Swap(good);
        var (after, answer) = await Post("/predict", ServingModels.Row(2, "a"));
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Equal(ServingModels.Expected(ServingModels.Base, 2, "a"), answer.GetProperty("score").GetDouble(), 5);
        Assert.Equal("ok", JsonDocument.Parse(await _http.GetStringAsync("/healthz")).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Labels_join_their_predictions_and_quality_reaches_the_monitor()
    {
        var ids = new List<long>();
        for (int i = 0; i < 5; i++) ids.Add((await Post("/predict", ServingModels.Row(i, "a"))).Body.GetProperty("id").GetInt64());
        var labels = "[" + string.Join(",", ids.Select(id => $$"""{"id":{{id}},"label":{{3.0 * (id % 5)}}}""")) + "]";
        var (status, accepted) = await Post("/labels", labels);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, accepted.GetProperty("accepted").GetInt32());
        var monitor = _service.Predictions.Monitor!.Monitor;
        monitor.Flush();
        Assert.True(monitor.Counts.Labels.Joined >= 5);
        var (bad, error) = await Post("/labels", """{"id":999999,"label":1}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal("id: no prediction has id 999999", error.GetProperty("error").GetString());
        (bad, error) = await Post("/labels", """[{"id":1}]""");
        Assert.Equal("labels[0].label: missing", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Metrics_carry_the_monitor_the_cache_and_aspnetcore_and_every_service_panel_of_the_dashboard()
    {
        await Post("/predict", ServingModels.Row(7, "c"));
        await Post("/predict", ServingModels.Row(7, "c"));
        Assert.Equal("ready", JsonDocument.Parse(await _http.GetStringAsync("/readyz")).RootElement.GetProperty("status").GetString());
        var metrics = await _http.GetStringAsync("/metrics");
        Assert.Contains("workbooks_monitor_requests_total{", metrics);
        Assert.Contains("workbooks_cache_hits_total{", metrics);
        Assert.Contains("http_server_request_duration_seconds_bucket{", metrics);
        var emitted = metrics.Split('\n').Where(l => l.StartsWith("workbooks_", StringComparison.Ordinal)).Select(l => l[..l.IndexOfAny(['{', ' '])]).ToHashSet();
        var serviceNames = Monitoring.DashboardTests.MetricNames(Monitoring.DashboardTests.ServiceQueries());
        Assert.NotEmpty(serviceNames);
        Assert.Empty(serviceNames.Except(emitted));
    }

    [Fact]
    public async Task A_graceful_shutdown_flushes_every_call_into_the_prediction_log()
    {
        for (int i = 0; i < 20; i++) await Post("/predict", ServingModels.Row(i % 4, "b"));
        long requests = _service.Predictions.Monitor!.Monitor.Counts.Requests;
        await _service.DisposeAsync();
        _service = await ServingApp.StartAsync(new ServingOptions { Model = ServingModels.Save(ServingModels.Base, _dir), Port = 0, Monitor = false, Cache = CacheMode.None });
        using var log = PredictionLog.Open(_log);
        Assert.Equal(requests, Convert.ToInt64(log.Scalar("SELECT count(*) FROM predictions")));
        Assert.Equal(20L, Convert.ToInt64(log.Scalar("SELECT count(*) FROM predictions WHERE features::JSON->>'c' = 'b'")));
    }
}
