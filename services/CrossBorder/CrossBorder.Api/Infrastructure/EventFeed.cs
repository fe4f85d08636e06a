using System.Text.Json;
using System.Text.Json.Nodes;
using CrossBorder.Api.Domain;
using CrossBorder.Contracts;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Messaging;

namespace CrossBorder.Api.Infrastructure;

/// <summary>
/// Records events in the feed and queues their webhook deliveries, in the caller's transaction: an event is in the
/// feed, and due to every subscribed endpoint, exactly when the change that raised it commits. Nothing is sent here.
/// </summary>
public static class EventFeed
{
    public static async Task RecordAsync(CrossBorderDbContext db, Guid id, string type, DateTimeOffset occurredAt, Guid? listingId,
        object data, IEnumerable<string> visibleTo, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var exchanges = visibleTo.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        db.FeedEvents.Add(new FeedEvent
        {
            Id = id, Type = type, OccurredAt = occurredAt, ListingId = listingId, Data = WithoutContributors(data),
            VisibleTo = FeedEventTypes.ForExchanges.Contains(type) ? exchanges : [], RecordedAt = now,
        });
        if (!FeedEventTypes.ForExchanges.Contains(type) || exchanges.Length == 0) return;
        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Where(s => s.Status == WebhookSubscription.Active && exchanges.Contains(s.Exchange) && s.EventTypes.Contains(type))
            .Select(s => s.Id).ToListAsync(ct);
        foreach (var subscription in subscriptions)
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = Guid.CreateVersion7(now), SubscriptionId = subscription, EventId = id, EventType = type,
                Status = WebhookDelivery.Pending, NextAttemptAt = now, CreatedAt = now,
            });
    }

    /// <summary>A deal event: on the bus (outbox) and in the feed, under one id, seen by the deal's exchange and those the listing is on.</summary>
    public static async Task AddDealEventAsync<TEvent>(CrossBorderDbContext db, TEvent message, string type, DealSnapshot deal,
        DateTimeOffset occurredAt, TimeProvider clock, CancellationToken ct) where TEvent : class
    {
        var id = db.AddEvent(message, clock);
        var visible = await VisibleExchangesAsync(db, deal.ListingId, ct);
        if (deal.Exchange is not null) visible.Add(deal.Exchange);
        await RecordAsync(db, id, type, occurredAt, deal.ListingId, deal, visible, clock, ct);
    }

    /// <summary>The exchanges a listing is listed on now (services/CrossBorder/README.md §8: "of listings listed on them").</summary>
    public static async Task<List<string>> VisibleExchangesAsync(CrossBorderDbContext db, Guid listingId, CancellationToken ct) =>
        await db.ExchangeListings.AsNoTracking().Where(e => e.ListingId == listingId && e.Status == ExchangeListing.Listed)
            .Select(e => e.Exchange).ToListAsync(ct);

    /// <summary>The envelope every client receives, in the feed and as a webhook body: {id, type, occurredAt, data}.</summary>
    public static string Envelope(FeedEvent e) => new JsonObject
    {
        ["id"] = e.Id.ToString(),
        ["type"] = e.Type,
        ["occurredAt"] = e.OccurredAt.ToString("O"),
        ["data"] = JsonNode.Parse(e.Data),
    }.ToJsonString();

    /// <summary>Contributors name people: clients get listing and deal snapshots without them (services/CrossBorder/README.md Events).</summary>
    private static string WithoutContributors(object data)
    {
        var node = JsonSerializer.SerializeToNode(data, data.GetType(), PlatformJson.Options)!;
        if (node is JsonObject o) o.Remove("contributors");
        return node.ToJsonString();
    }
}
