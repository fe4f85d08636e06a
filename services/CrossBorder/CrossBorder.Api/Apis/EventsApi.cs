using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Persistence;

namespace CrossBorder.Api.Apis;

/// <summary>
/// The event feed (services/CrossBorder/README.md §8): the last 30 days, oldest first, for reconciliation. An exchange sees the
/// listing.*, valuation.completed and deal.* events of listings listed on it; an auditor sees every event,
/// receipts, rewards and payouts included.
/// </summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events", List).WithTags("Events").RequireRoles(PlatformRoles.Exchange, PlatformRoles.Auditor);
        return app;
    }

    /// <summary>Every event has id, type, occurredAt and data (services/CrossBorder/README.md Events).</summary>
    public sealed record EventView(Guid Id, string Type, DateTimeOffset OccurredAt, JsonElement Data);

    private static readonly Keyset<FeedEvent, long> BySequence = Keyset.By<FeedEvent, long>(e => e.Sequence);

    /// <summary>
    /// <c>deliverySuccess=false</c>: only events with a delivery (to the caller's endpoints) not delivered yet.
    /// <c>cursor</c> is a nextCursor this API gave, or the id of the last event the caller has: a poller resumes after it
    /// when the last page said nextCursor null.
    /// </summary>
    public static async Task<Ok<Page<EventView>>> List(string? type, string? cursor, int? limit, bool? deliverySuccess, ClaimsPrincipal user,
        CrossBorderDbContext db, TimeProvider clock, IConfiguration configuration, CancellationToken ct)
    {
        long? idSequence = null; // cursor = the id of the last event the caller has: resume after it (-1: no such event)
        if (cursor is not null && Guid.TryParse(cursor, out var lastEventId))
            idSequence = await db.FeedEvents.Where(e => e.Id == lastEventId).Select(e => (long?)e.Sequence).SingleOrDefaultAsync(ct) ?? -1;
        var errors = new ValidationErrors()
            .Check(type is null || FeedEventTypes.IsKnown(type), "type", "An event type of the CrossBorder README, e.g. deal.concluded.");
        var paging = PageCursor.Read(errors, limit, cursor,
            (string _, out long after) => idSequence is { } known
                ? (after = known) >= 0
                : long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after), // a nextCursor of the earlier format
            "Not a cursor this API gave, nor the id of an event in the feed.");
        errors.ThrowIfAny();
        var now = clock.GetUtcNow();
        var since = now - FeedEventTypes.Retention;
        // Sequence numbers are taken when a row is inserted, not when it commits: a poller past sequence N must never
        // meet a smaller one later. Events show once they are older than the settle time, far longer than any of the
        // service's transactions (milliseconds), so everything numbered before them has committed.
        var settled = now - configuration.GetValue("Events:FeedSettleTime", TimeSpan.FromSeconds(5));
        var query = db.FeedEvents.AsNoTracking().Where(e => e.OccurredAt >= since && e.RecordedAt <= settled);
        var deliveries = db.WebhookDeliveries.AsNoTracking();
        if (!user.IsInRole(PlatformRoles.Auditor))
        {
            var exchange = user.RequireOrg();
            query = query.Where(e => e.VisibleTo.Contains(exchange)); // only exchange-visible types ever have VisibleTo
            deliveries = deliveries.Where(d => db.Subscriptions.Any(s => s.Id == d.SubscriptionId && s.Exchange == exchange));
        }
        if (type is not null) query = query.Where(e => e.Type == type);
        if (deliverySuccess is false) query = query.Where(e => deliveries.Any(d => d.EventId == e.Id && d.Status != WebhookDelivery.Succeeded));
        if (deliverySuccess is true) query = query.Where(e => deliveries.Any(d => d.EventId == e.Id) &&
            !deliveries.Any(d => d.EventId == e.Id && d.Status != WebhookDelivery.Succeeded));
        var page = await query.KeysetPageAsync(BySequence, paging, ct);
        return TypedResults.Ok(page.Map(e => new EventView(e.Id, e.Type, e.OccurredAt, JsonDocument.Parse(e.Data).RootElement.Clone())));
    }
}
