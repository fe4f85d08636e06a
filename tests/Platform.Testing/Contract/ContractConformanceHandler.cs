using System.Text.Json;
using Json.Schema;

namespace Platform.Testing.Contract;

/// <summary>
/// Checks every answer a test client receives against the committed OpenAPI documents: its status is listed for the
/// operation, its JSON body is valid against the documented schema, and an error is application/problem+json. A
/// mismatch fails the test that saw it (ContractViolationException), so an undocumented status or an off-schema
/// body cannot hide. Requests no document describes (health, /docs, the documents themselves) are not checked.
/// PLATFORM_CONTRACT_REPORT=FILE lists every mismatch of a run in FILE instead of failing on the first.
/// </summary>
public sealed class ContractConformanceHandler : DelegatingHandler
{
    /// <summary>For a client over the network (the end-to-end processes); in-memory test servers set their own inner handler.</summary>
    public static ContractConformanceHandler OverNetwork() => new() { InnerHandler = new SocketsHttpHandler() };

    /// <summary>Where mismatches are listed instead of failing the test (PLATFORM_CONTRACT_REPORT); null: they fail it.</summary>
    public string? ReportFile { get; init; } = Environment.GetEnvironmentVariable("PLATFORM_CONTRACT_REPORT");
    private static readonly Lock ReportLock = new();

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try { await CheckAsync(request, response, cancellationToken); }
        catch (ContractViolationException violation) when (ReportFile is not null)
        {
            lock (ReportLock) File.AppendAllText(ReportFile, violation.Message.ReplaceLineEndings(" ") + "\n");
        }
        return response;
    }

    private static async Task CheckAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var operation = ContractDocuments.Instance.Find(request.Method.Method, path);
        if (operation is null) return;

        var where = $"{request.Method} {path} ({operation.Service}: {operation.Template})";
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var media = response.Content.Headers.ContentType?.MediaType;
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (operation.Responses[status] is null)
        {
            var sent = request.Content is null ? "" : $" for {Clip(await request.Content.ReadAsStringAsync(cancellationToken))}";
            throw new ContractViolationException(
                $"{where} answered {status}, which its document does not list ({string.Join(", ", operation.Responses.Select(r => r.Key))}){sent}: {Clip(body)}");
        }
        if ((int)response.StatusCode >= 400 && body.Length > 0 && media != "application/problem+json")
            throw new ContractViolationException($"{where} answered {status} with {media ?? "no content type"}, not application/problem+json: {Clip(body)}");
        if (body.Length == 0 || media is not ("application/json" or "application/problem+json")) return;

        var schema = ContractDocuments.Instance.Body(operation, status, media);
        if (schema is null) return;
        using var json = JsonDocument.Parse(body);
        var result = schema.Evaluate(json.RootElement, Evaluation);
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(5);
            throw new ContractViolationException($"{where} answered {status} with a body off its schema: {string.Join("; ", errors)}\n{Clip(body)}");
        }
    }

    private static string Clip(string body) => body.Length > 600 ? body[..600] + "…" : body;
}

/// <summary>An answer that is not what the OpenAPI document promises.</summary>
public sealed class ContractViolationException(string message) : Exception(message);
