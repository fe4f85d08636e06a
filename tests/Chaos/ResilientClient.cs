using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Platform.Testing;

namespace Chaos;

/// <summary>
/// A client as a careful real one behaves: every call retried on a connection error, a timeout, a 5xx or 409
/// idempotency-key-in-use, with the same Idempotency-Key and body, until it gets a definite answer (or 5 minutes).
/// </summary>
public sealed class ResilientClient(Uri gateway)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    public int Retries;

    public sealed record Answer(HttpStatusCode Status, JsonNode? Body, TimeSpan Took);

    /// <param name="retryAlso">An answer to retry too, beyond the transient ones.</param>
    public async Task<Answer> SendAsync(HttpMethod method, string path, object? body, string role, string? org, string? idempotencyKey = null,
        Func<HttpStatusCode, JsonNode?, bool>? retryAlso = null)
    {
        var watch = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(method, new Uri(gateway, path));
                request.Headers.Authorization = new("Bearer", TestTokens.For(role, org));
                if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
                if (body is not null) request.Content = JsonContent.Create(body);
                using var response = await Http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var json = text.Length > 0 && text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('[') ? JsonNode.Parse(text) : null;
                var retry = (int)response.StatusCode >= 500
                    || (response.StatusCode == HttpStatusCode.Conflict && json?["type"]?.GetValue<string>() == "/problems/idempotency-key-in-use")
                    || (retryAlso?.Invoke(response.StatusCode, json) ?? false);
                if (!retry) return new Answer(response.StatusCode, json, watch.Elapsed);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                // the server is down, restarting, or did not answer in time: a real client tries again
            }
            if (watch.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"{method} {path}: no definite answer in 5 minutes");
            Interlocked.Increment(ref Retries);
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }
}
