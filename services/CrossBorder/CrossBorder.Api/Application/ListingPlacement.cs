using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using CrossBorder.Contracts;
using Listing.Contracts;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Persistence;

namespace CrossBorder.Api.Application;

/// <summary>
/// Where a listing is listed, from its latest snapshot: one use case that the listing consumers and the exchanges
/// endpoint (a new exchange re-places every listing) both call, so that neither calls into the other.
/// </summary>
public static class ListingPlacement
{
    /// <summary>
    /// Upserts the listing copy from a snapshot (older versions are ignored, an unseen listing is created)
    /// and recomputes where it is listed; the result leaves as an event through the outbox. The listing event goes
    /// to the feed (under its bus message id), seen by the exchanges the listing is listed on (and those it just left).
    /// </summary>
    public static async Task ApplyAsync(CrossBorderDbContext db, ListingSnapshot snapshot, string eventType, Guid eventId,
        DateTimeOffset occurredAt, TimeProvider clock, CancellationToken ct)
    {
        var (copy, changed) = await VersionedCopies.UpsertAsync(db, snapshot.ToCopy(), ct);
        if (!changed)
        {
            // Older than what is held: placement stays, but the event happened and belongs in the feed of where it is listed.
            await EventFeed.RecordAsync(db, eventId, eventType, occurredAt, snapshot.ListingId, snapshot,
                await EventFeed.VisibleExchangesAsync(db, snapshot.ListingId, ct), clock, ct);
            return;
        }
        var visible = await PlaceAsync(db, copy, clock, ct);
        await EventFeed.RecordAsync(db, eventId, eventType, occurredAt, snapshot.ListingId, snapshot, visible, clock, ct);
    }

    /// <summary>The exchanges and linkages placement works from; loaded once when many listings are placed.</summary>
    public sealed record Registry(IReadOnlyList<Exchange> Exchanges, IReadOnlyList<Linkage> Linkages);

    public static async Task<Registry> LoadRegistryAsync(CrossBorderDbContext db, CancellationToken ct) =>
        new(await db.Exchanges.AsNoTracking().OrderBy(e => e.Code).ToListAsync(ct), await db.Linkages.AsNoTracking().ToListAsync(ct));

    /// <summary>
    /// Recomputes where a listing is listed (the catalogue as it is now) and announces it; answers the exchanges that
    /// see the event: those it is listed on now, and those it was on until this placement. Saved by the caller's transaction.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PlaceAsync(CrossBorderDbContext db, ListingCopy copy, TimeProvider clock, CancellationToken ct,
        Registry? registry = null)
    {
        var snapshot = copy.Snapshot;
        var (exchanges, linkages) = registry ?? await LoadRegistryAsync(db, ct);
        var placement = CoListing.Place(copy, exchanges, linkages, await Catalogue.EffectiveClassAsync(db, snapshot, ct));
        var existing = await db.ExchangeListings.Where(e => e.ListingId == copy.ListingId).ToListAsync(ct);
        // The exchanges it was on before this placement see this one event too: it tells them it left.
        var wasOn = existing.Where(e => e.Status == ExchangeListing.Listed).Select(e => e.Exchange).ToList();
        foreach (var (exchange, status, reason) in placement)
        {
            var row = existing.FirstOrDefault(e => e.Exchange == exchange);
            if (row is null)
                db.ExchangeListings.Add(new ExchangeListing { ListingId = copy.ListingId, Exchange = exchange, Status = status, Reason = reason });
            else { row.Status = status; row.Reason = reason; }
        }
        db.AddEvent(new ExchangeListingsUpdated
        {
            OccurredAt = clock.GetUtcNow(),
            ListingId = copy.ListingId,
            ListingVersion = copy.Version,
            Items = placement.Select(p => new ExchangeListingSnapshot { Exchange = p.Exchange, Status = p.Status, Reason = p.Reason }).ToList(),
        }, clock);
        return wasOn.Concat(placement.Where(p => p.Status == ExchangeListing.Listed).Select(p => p.Exchange)).Distinct().ToList();
    }
}
