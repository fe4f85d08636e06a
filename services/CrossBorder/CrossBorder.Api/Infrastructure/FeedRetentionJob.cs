using CrossBorder.Api.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrossBorder.Api.Infrastructure;

/// <summary>
/// The feed keeps 30 days (services/CrossBorder/README.md §8): once an hour, events older than that, and their delivery log, are removed.
/// A day of slack keeps an event that is still being retried (the last retry is 24 h after the ninth).
/// </summary>
public sealed class FeedRetentionJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<FeedRetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CrossBorderDbContext>();
                var before = clock.GetUtcNow() - FeedEventTypes.Retention - TimeSpan.FromDays(1);
                var old = db.FeedEvents.Where(e => e.RecordedAt < before).Select(e => e.Id);
                var oldDeliveries = db.WebhookDeliveries.Where(d => old.Contains(d.EventId)).Select(d => d.Id);
                await db.WebhookAttempts.Where(a => oldDeliveries.Contains(a.DeliveryId)).ExecuteDeleteAsync(stoppingToken);
                await db.WebhookDeliveries.Where(d => old.Contains(d.EventId)).ExecuteDeleteAsync(stoppingToken);
                var removed = await db.FeedEvents.Where(e => e.RecordedAt < before).ExecuteDeleteAsync(stoppingToken);
                if (removed > 0) logger.LogInformation("Removed {Count} feed events older than 30 days", removed);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Feed retention failed; trying again in an hour");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
