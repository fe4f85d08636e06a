using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Tests;

/// <summary>
/// A real HTTP receiver on loopback (Kestrel), built on the README's receiver guide. Requests are recorded; a script
/// may answer the first ones with another status (500, 410) or slowly, before the guide's endpoint handles them.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Request(string WebhookId, string Timestamp, string Signature, string Body, int AnsweredWith);

    private readonly WebApplication _app;
    private readonly Queue<int> _script = new();
    private readonly ConcurrentQueue<JsonElement> _accepted = new();
    public ConcurrentQueue<Request> Requests { get; } = new();
    /// <summary>The events the guide's endpoint accepted (signature verified, duplicates dropped).</summary>
    public ConcurrentQueue<JsonElement> Handled { get; } = new();
    public string Url { get; }
    public TimeSpan Delay { get; set; }

    private WebhookReceiver(WebApplication app, string url) { _app = app; Url = url; }

    /// <summary>Picks a port, lets the test subscribe its URL (which gives the secret), then starts listening there.</summary>
    public static async Task<WebhookReceiver> StartAsync(Func<string, Task<string>> subscribe)
    {
        for (var attempt = 0; ; attempt++)
        {
            // Below 32768: the ephemeral range may hold the port (deploy/README.md, Ports).
            var port = Random.Shared.Next(20000, 30000);
            var url = $"http://127.0.0.1:{port}/platform-events";
            var secret = await subscribe(url);
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            var receiver = new WebhookReceiver(app, url);
            app.Use(async (context, next) =>
            {
                context.Request.EnableBuffering();
                var body = await new StreamReader(context.Request.Body, leaveOpen: true).ReadToEndAsync();
                context.Request.Body.Position = 0; // the guide's endpoint reads it again
                if (receiver.Delay > TimeSpan.Zero) await Task.Delay(receiver.Delay);
                if (Interlocked.Exchange(ref receiver._hold, null) is { } hold)
                {
                    hold.Arrived.TrySetResult();
                    await hold.Release.Task;
                }
                int? scripted = null;
                lock (receiver._script) if (receiver._script.Count > 0) scripted = receiver._script.Dequeue();
                if (scripted is { } status) context.Response.StatusCode = status;
                else await next(context);
                receiver.Requests.Enqueue(new Request(context.Request.Headers["webhook-id"].ToString(), context.Request.Headers["webhook-timestamp"].ToString(),
                    context.Request.Headers["webhook-signature"].ToString(), body, context.Response.StatusCode));
                // Only now: a test that saw an event handled also sees its request recorded.
                while (receiver._accepted.TryDequeue(out var accepted)) receiver.Handled.Enqueue(accepted);
            });
            app.MapPlatformEvents("/platform-events", secret, e => { receiver._accepted.Enqueue(e); return Task.CompletedTask; });
            try
            {
                await app.StartAsync();
                return receiver;
            }
            catch (IOException) when (attempt < 20)
            {
                await app.DisposeAsync();
            }
        }
    }

    private sealed record Hold(TaskCompletionSource Arrived, TaskCompletionSource Release);
    private Hold? _hold;

    /// <summary>
    /// Holds the next request before it is answered: <c>arrived</c> completes when it is in, and it is answered when
    /// <c>release</c> is called, so a test can act while a delivery is on its way.
    /// </summary>
    public (Task Arrived, Action Release) HoldNext()
    {
        var hold = new Hold(new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously));
        _hold = hold;
        return (hold.Arrived.Task, () => hold.Release.TrySetResult());
    }

    public void AnswerNext(params int[] statuses)
    {
        lock (_script) foreach (var s in statuses) _script.Enqueue(s);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
