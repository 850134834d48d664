using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workbooks.ModelOps.Monitoring;
using Workbooks.Serving.Rows;

namespace Workbooks.Serving.Hosting;

/// <summary>
/// The service's endpoints: <c>POST /predict</c> (one row object, or an array of rows), <c>POST /labels</c>
/// (<c>{"id": 17, "label": 3.5}</c> or an array of such), <c>GET /healthz</c>, <c>GET /readyz</c> (503 until a model
/// is loaded) and <c>GET /metrics</c> (Prometheus). A bad request is a 400 whose message names the field; it never
/// reaches the model. A model that throws is a 500; the service keeps running.
/// </summary>
public static class Endpoints
{
    public static IEndpointRouteBuilder MapWorkbooksServing(this IEndpointRouteBuilder app, bool metrics = true)
    {
        app.MapPost("/predict", Predict);
        app.MapPost("/labels", Labels);
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        app.MapGet("/readyz", (ModelHost host) => host.Current is { } m
            ? Results.Json(new { status = "ready", model = m.Name, version = m.Version })
            : Results.Json(new { status = "loading" }, statusCode: StatusCodes.Status503ServiceUnavailable));
        if (metrics) app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static async Task<IResult> Predict(HttpRequest request, PredictionService service, ServingOptions options, ILoggerFactory logs)
    {
        var model = service.Host.Current;
        string name = model?.Name ?? "none";
        if (model is null) return Fail(name, "predict", "server_error", StatusCodes.Status503ServiceUnavailable, "no model is loaded yet (see /readyz)");
        IReadOnlyList<ServedRow> rows;
        bool batch;
        try
        {
            var body = await ReadBody(request, options.MaxBodyBytes);
            rows = RowReader.Read(body.Span, model.Schema, options.MaxBatchRows, out batch);
        }
        catch (BadRequestException e) { return Fail(name, "predict", "client_error", StatusCodes.Status400BadRequest, e.Message); }
        try
        {
            var answers = new ServedPrediction[rows.Count];
            for (int i = 0; i < rows.Count; i++) answers[i] = await service.PredictAsync(model, rows[i], request.HttpContext.RequestAborted);
            ServingMeters.Request(name, "predict", "ok");
            return batch ? Results.Json(new { predictions = answers }) : Results.Json(answers[0]);
        }
        catch (Exception e) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            logs.CreateLogger("Workbooks.Serving").LogError(e, "Model {Model} failed", model);
            return Fail(name, "predict", "server_error", StatusCodes.Status500InternalServerError, $"model {model} failed: {e.Message}");
        }
    }

    private static async Task<IResult> Labels(HttpRequest request, PredictionService service, ServingOptions options)
    {
        string name = service.Host.Current?.Name ?? "none";
        if (service.Monitor is not { } monitor) return Fail(name, "labels", "client_error", StatusCodes.Status400BadRequest, "labels: the monitor is off (Serving:Monitor=false), so no prediction has an id");
        try
        {
            var body = await ReadBody(request, options.MaxBodyBytes);
            var labels = ReadLabels(body);
            foreach (var (field, id, truth) in labels)
            {
                try { monitor.Monitor.Label(id, truth); }
                catch (ArgumentOutOfRangeException) { throw new BadRequestException($"{field}id: no prediction has id {id}"); }
            }
            ServingMeters.Request(name, "labels", "ok");
            return Results.Json(new { accepted = labels.Count });
        }
        catch (BadRequestException e) { return Fail(name, "labels", "client_error", StatusCodes.Status400BadRequest, e.Message); }
    }

    private static List<(string Field, long Id, GroundTruth Truth)> ReadLabels(ReadOnlyMemory<byte> body)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException e) { throw new BadRequestException($"body: malformed JSON ({e.Message.Split(". ", 2)[0]})"); }
        using (doc)
        {
            var root = doc.RootElement;
            var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
            var result = new List<(string, long, GroundTruth)>();
            for (int i = 0; i < items.Count; i++)
            {
                string field = root.ValueKind == JsonValueKind.Array ? $"labels[{i}]." : "";
                var item = items[i];
                if (item.ValueKind != JsonValueKind.Object) throw new BadRequestException($"{(field.Length > 0 ? field.TrimEnd('.') : "body")}: expected an object with id and label");
                if (!item.TryGetProperty("id", out var id) || !id.TryGetInt64(out long n)) throw new BadRequestException($"{field}id: missing or not an integer");
                if (!item.TryGetProperty("label", out var label)) throw new BadRequestException($"{field}label: missing");
                var truth = label.ValueKind switch
                {
                    JsonValueKind.String => GroundTruth.OfClass(label.GetString()!),
                    JsonValueKind.Number when label.TryGetDouble(out var d) && double.IsFinite(d) => GroundTruth.OfValue(d),
                    _ => throw new BadRequestException($"{field}label: expected a class (string) or a value (number)"),
                };
                result.Add((field, n, truth));
            }
            return result;
        }
    }

    /// <summary>The body, or a 400 naming its size when it is over the limit (not read further than the limit).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBody(HttpRequest request, long limit)
    {
        if (request.ContentLength is { } length && length > limit) throw new BadRequestException($"body: {length} bytes, at most {limit} are accepted");
        var buffer = new MemoryStream();
        var chunk = new byte[16 << 10];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) throw new BadRequestException($"body: more than {limit} bytes, at most {limit} are accepted");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new BadRequestException("body: empty; send a row object or an array of rows");
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static IResult Fail(string model, string endpoint, string outcome, int status, string message)
    {
        ServingMeters.Request(model, endpoint, outcome);
        return Results.Json(new { error = message }, statusCode: status);
    }
}
