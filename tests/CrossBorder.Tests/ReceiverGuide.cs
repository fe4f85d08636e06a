// The receiver guide of README.md ("Receiving webhooks"), compiled and used by the webhook tests:
// ReadmeTests checks that the README shows exactly this code.
// --- guide begins ---
using System.Collections.Concurrent;
using System.Text.Json;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

public static class PlatformWebhookReceiver
{
    /// <summary>Maps the endpoint the platform posts to. secret: the whsec_... shown when the subscription was made.</summary>
    public static void MapPlatformEvents(this IEndpointRouteBuilder app, string path, string secret, Func<JsonElement, Task> handle)
    {
        var webhook = new StandardWebhook(secret);
        // Ids already handled. A real receiver keeps them in its database, for longer than the retry schedule (3 days).
        var seen = new ConcurrentDictionary<string, bool>();
        app.MapPost(path, async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(); // verify the exact bytes received, before any parsing
            if (!Verifies(webhook, body, request.Headers)) return Results.Unauthorized();
            var id = request.Headers["webhook-id"].ToString();
            if (seen.ContainsKey(id)) return Results.Ok(); // a retry of an event already handled: same webhook-id
            using var json = JsonDocument.Parse(body); // {"id", "type", "occurredAt", "data"}
            await handle(json.RootElement.Clone());
            seen[id] = true;
            return Results.Ok(); // any 2xx; 410 Gone would disable the subscription
        });
    }

    // Checks webhook-signature (v1, HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}") and that
    // webhook-timestamp is within 5 minutes of now (replays are refused). While a secret is being rotated the
    // platform sends two signatures, new and old; the package (1.1.2) compares only the first of several, so each
    // is checked on its own: a receiver still on the old secret keeps verifying.
    private static bool Verifies(StandardWebhook webhook, string body, IHeaderDictionary headers)
    {
        foreach (var signature in headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var one = new HeaderDictionary
            {
                ["webhook-id"] = headers["webhook-id"], ["webhook-timestamp"] = headers["webhook-timestamp"], ["webhook-signature"] = signature,
            };
            try
            {
                webhook.Verify(body, one);
                return true;
            }
            catch (WebhookVerificationException)
            {
                // not this one
            }
        }
        return false;
    }
}
// --- guide ends ---
