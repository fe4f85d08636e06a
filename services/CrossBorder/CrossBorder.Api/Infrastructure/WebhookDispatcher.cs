using System.Diagnostics;
using System.Globalization;
using System.Text;
using CrossBorder.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using StandardWebhooks;

namespace CrossBorder.Api.Infrastructure;

/// <summary>
/// Sends due webhook deliveries (services/CrossBorder/README.md §8). Deliveries are claimed from PostgreSQL (FOR UPDATE SKIP LOCKED, with a
/// lease, so several instances share the work and a crash mid-attempt only delays a retry); each is sent on its own,
/// up to MaxConcurrency at once, so a slow or dead endpoint delays only its own deliveries, never the event flow.
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, IHttpClientFactory httpClients, TimeProvider clock,
    IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private readonly WebhookOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var slots = new SemaphoreSlim(_options.MaxConcurrency);
        try
        {
            await DispatchAsync(slots, stoppingToken);
        }
        finally
        {
            // Graceful shutdown: attempts in flight finish recording what the receiver answered (their saves ignore
            // the stopping token) before the host disposes their scopes; otherwise an answered attempt would look
            // unanswered and wait for its lease to run out.
            for (var i = 0; i < _options.MaxConcurrency; i++)
                if (!await slots.WaitAsync(_options.Timeout + TimeSpan.FromSeconds(5), CancellationToken.None)) break;
        }
    }

    private async Task DispatchAsync(SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimedAll = false;
            try
            {
                var free = slots.CurrentCount;
                if (free > 0)
                {
                    var claimed = await ClaimAsync(free, stoppingToken);
                    foreach (var id in claimed)
                    {
                        await slots.WaitAsync(stoppingToken);
                        _ = Task.Run(async () =>
                        {
                            try { await AttemptAsync(id, stoppingToken); }
                            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { logger.LogWarning(e, "Webhook delivery {DeliveryId} attempt failed to record", id); }
                            finally { slots.Release(); }
                        }, CancellationToken.None);
                    }
                    claimedAll = claimed.Count == free;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Claiming webhook deliveries failed; trying again");
            }
            if (claimedAll) continue; // more may be due
            try { await Task.Delay(_options.PollInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Takes up to <paramref name="max"/> due deliveries of active subscriptions, leasing them so nobody else does.</summary>
    private async Task<List<Guid>> ClaimAsync(int max, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrossBorderDbContext>();
        var now = clock.GetUtcNow();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("""
            UPDATE webhook_deliveries SET next_attempt_at = @lease
            WHERE id IN (
                SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= @now AND s.status = 'active'
                ORDER BY d.next_attempt_at LIMIT @max FOR UPDATE OF d SKIP LOCKED)
            RETURNING id
            """, connection);
        command.Parameters.AddWithValue("lease", now + _options.Lease);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("max", max);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>One signed POST; its outcome is logged and the next attempt scheduled (or the delivery closed).</summary>
    private async Task AttemptAsync(Guid deliveryId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrossBorderDbContext>();
        var delivery = await db.WebhookDeliveries.SingleAsync(d => d.Id == deliveryId, ct);
        var subscription = await db.Subscriptions.SingleAsync(s => s.Id == delivery.SubscriptionId, ct);
        var evt = await db.FeedEvents.AsNoTracking().SingleAsync(e => e.Id == delivery.EventId, ct);

        var body = EventFeed.Envelope(evt);
        var sentAt = clock.GetUtcNow();
        int? status = null;
        string? error = null;
        var watch = Stopwatch.StartNew();
        try
        {
            using var request = Sign(new HttpRequestMessage(HttpMethod.Post, subscription.Url), subscription.SigningSecrets(sentAt), evt.Id, sentAt, body);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.Timeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The reason, never the request: headers carry the signature.
            error = e is OperationCanceledException ? $"No answer within {_options.Timeout.TotalSeconds:0} s." : $"{e.GetType().Name}: {e.Message}";
        }
        var now = clock.GetUtcNow();
        var success = status is >= 200 and < 300;
        // The outcome is applied to the rows as they are now, not as they were before the POST: a DELETE of the
        // subscription may have closed the delivery meanwhile, and writing back the old state would reopen it. The
        // subscription's row is locked first, as DELETE locks it, so the two take turns and cannot deadlock.
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        subscription = await db.Subscriptions.FromSql($"SELECT * FROM webhook_subscriptions WHERE id = {subscription.Id} FOR UPDATE")
            .SingleAsync(CancellationToken.None);
        delivery = await db.WebhookDeliveries.FromSql($"SELECT * FROM webhook_deliveries WHERE id = {deliveryId} FOR UPDATE")
            .SingleAsync(CancellationToken.None);
        var open = delivery.Status == WebhookDelivery.Pending;
        delivery.Attempts++;
        delivery.LastAttemptAt = sentAt;
        delivery.LastStatusCode = status;
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            Id = Guid.CreateVersion7(now), DeliveryId = delivery.Id, Number = delivery.Attempts, At = sentAt, StatusCode = status,
            Success = success, Error = error, DurationMs = (int)watch.ElapsedMilliseconds,
        });
        if (success)
        {
            delivery.Status = WebhookDelivery.Succeeded; // it arrived, whatever was decided while it travelled
            delivery.NextAttemptAt = null;
        }
        else if (!open)
        {
            // Closed while this attempt was on its way (the subscription was deleted): it stays closed, with no next attempt.
        }
        else if (status == StatusCodes.Status410Gone)
        {
            // services/CrossBorder/README.md §8: the receiver says the endpoint is gone for good; its other deliveries close with it.
            if (subscription.Status == WebhookSubscription.Active)
            {
                subscription.Status = WebhookSubscription.Disabled;
                subscription.DisabledReason = $"The endpoint answered 410 Gone on {sentAt:O}.";
            }
            delivery.Status = WebhookDelivery.Failed;
            delivery.NextAttemptAt = null;
            await db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription.Id && d.Id != delivery.Id && d.Status == WebhookDelivery.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, WebhookDelivery.Failed).SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null), CancellationToken.None);
        }
        else
        {
            delivery.NextAttemptAt = WebhookRetrySchedule.NextAfter(delivery.Attempts, now);
            if (delivery.NextAttemptAt is null) delivery.Status = WebhookDelivery.Failed;
        }
        await db.SaveChangesAsync(CancellationToken.None); // the attempt happened: record it even while stopping
        await transaction.CommitAsync(CancellationToken.None);
        logger.LogInformation("Webhook {WebhookId} to subscription {SubscriptionId}: attempt {Attempt} answered {Status}",
            evt.Id, subscription.Id, delivery.Attempts, status?.ToString(CultureInfo.InvariantCulture) ?? error);
    }

    /// <summary>
    /// Standard Webhooks 1.0: webhook-id, webhook-timestamp (Unix seconds) and webhook-signature: "v1,{base64 HMAC-SHA256
    /// of id.timestamp.body}" for each signing secret, space-separated (during a rotation, the new and the old one).
    /// </summary>
    public static HttpRequestMessage Sign(HttpRequestMessage request, IReadOnlyList<string> secrets, Guid webhookId, DateTimeOffset timestamp, string body)
    {
        var id = webhookId.ToString();
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", string.Join(' ', secrets.Select(secret => new StandardWebhook(secret).Sign(id, timestamp, body))));
        return request;
    }
}
