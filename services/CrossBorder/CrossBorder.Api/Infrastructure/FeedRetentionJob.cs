using CrossBorder.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Persistence;

namespace CrossBorder.Api.Infrastructure;

/// <summary>
/// The feed keeps 30 days (services/CrossBorder/README.md §8): once an hour, events older than that, and their delivery log, are removed.
/// A day of slack keeps an event that is still being retried (the last retry is 24 h after the ninth).
/// </summary>
public sealed class FeedRetentionJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<FeedRetentionJob> logger)
    : LeaderJob<CrossBorderDbContext>(scopes, logger)
{
    protected override string Name => "feed-retention";

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<CrossBorderDbContext>();
        var before = clock.GetUtcNow() - FeedEventTypes.Retention - TimeSpan.FromDays(1);
        var old = db.FeedEvents.Where(e => e.RecordedAt < before).Select(e => e.Id);
        var oldDeliveries = db.WebhookDeliveries.Where(d => old.Contains(d.EventId)).Select(d => d.Id);
        await db.WebhookAttempts.Where(a => oldDeliveries.Contains(a.DeliveryId)).ExecuteDeleteAsync(ct);
        await db.WebhookDeliveries.Where(d => old.Contains(d.EventId)).ExecuteDeleteAsync(ct);
        var removed = await db.FeedEvents.Where(e => e.RecordedAt < before).ExecuteDeleteAsync(ct);
        if (removed > 0) logger.LogInformation("Removed {Count} feed events older than 30 days", removed);
    }
}
