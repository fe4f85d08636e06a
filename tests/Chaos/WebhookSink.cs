using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Chaos;

/// <summary>The exchange's receiver: records every delivery and handles each webhook-id once (retries keep the id).</summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Guid> _handled = new();
    private int _requests;

    private WebhookSink(WebApplication app, string url) { _app = app; Url = url; }

    public string Url { get; }
    public int Requests => _requests;
    public int DistinctIds => _handled.Count;
    public HashSet<Guid> DealIds() => _handled.Values.ToHashSet();

    public static async Task<WebhookSink> StartAsync()
    {
        // Below 32768: the ephemeral range may hold the port (deploy/README.md).
        var port = Random.Shared.Next(20000, 30000);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var sink = new WebhookSink(app, $"http://127.0.0.1:{port}/events");
        app.MapPost("/events", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref sink._requests);
            using var json = await JsonDocument.ParseAsync(request.Body);
            var id = request.Headers["webhook-id"].ToString();
            sink._handled.TryAdd(id, json.RootElement.GetProperty("data").GetProperty("id").GetGuid()); // a duplicate changes nothing
            return Results.Ok();
        });
        await app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
