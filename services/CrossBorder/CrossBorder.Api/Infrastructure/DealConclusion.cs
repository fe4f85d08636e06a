using CrossBorder.Api.Domain;
using CrossBorder.Contracts;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Time;

namespace CrossBorder.Api.Infrastructure;

/// <summary>
/// Concludes an agreement-priced deal whose notice has ended with no open objection (services/CrossBorder/README.md §2),
/// after checking again what was checked when it was recorded: the listing still published and offering the mode,
/// still on the recording exchange, its offer not ended by a transfer or exclusive licence, and the export-control
/// class now in force allowing a buyer abroad. A deal that fails lapses with its reason (deal.lapsed). The price is
/// compared with the latest valuation's P10 at the conclusion date's rates.
/// </summary>
public static class DealConclusion
{
    public static async Task<bool> TryConcludeAsync(CrossBorderDbContext db, Deal deal, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (deal.Status != DealStatus.InPublicity || deal.PublicityEndsAt > now) return false;
        if (await db.Objections.AnyAsync(o => o.DealId == deal.Id && o.ResolvedAt == null, ct)) return false;
        var listing = await db.Listings.AsNoTracking().SingleOrDefaultAsync(l => l.ListingId == deal.ListingId, ct);
        var exportClass = listing is null ? deal.ExportClass : await Catalogue.EffectiveClassAsync(db, listing.Snapshot, ct);
        if (await LapseReasonAsync(db, deal, listing, exportClass, ct) is { } reason)
        {
            deal.Lapse(reason);
            var lapsed = deal.Snapshot(withContributors: false);
            await EventFeed.AddDealEventAsync(db, new DealLapsed { OccurredAt = now, Deal = lapsed }, FeedEventTypes.DealLapsed, lapsed, now, clock, ct);
            await db.SaveChangesAsync(ct);
            return false;
        }
        deal.ExportClass = exportClass;
        deal.Conclude(now);
        deal.Flags = [.. deal.Flags.Where(f => f.Code is not (BelowP10.Code or BelowP10.UnknownCode)), .. await BelowP10AtAsync(db, deal, now, ct)];
        var concluded = deal.Snapshot(withContributors: true);
        await EventFeed.AddDealEventAsync(db, new DealConcluded { OccurredAt = now, Deal = concluded }, FeedEventTypes.DealConcluded, concluded, now, clock, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { ConstraintName: "ux_deals_one_exclusive_concluded" })
        {
            db.ChangeTracker.Clear();
            var again = await db.Deals.SingleAsync(d => d.Id == deal.Id, ct);
            again.Status = DealStatus.Cancelled;
            again.Version++;
            again.Flags = [.. again.Flags, new FlagSnapshot { Code = "cancelled_exclusive_taken", Detail = "Another transfer or exclusive licence concluded on the listing during the notice." }];
            var cancelled = again.Snapshot(withContributors: false);
            await EventFeed.AddDealEventAsync(db, new DealCancelled { OccurredAt = now, Deal = cancelled }, FeedEventTypes.DealCancelled, cancelled, now, clock, ct);
            await db.SaveChangesAsync(ct);
            return false;
        }
    }

    /// <summary>The first condition of the deal's recording that no longer holds, as the flag it lapses with; null when all hold.</summary>
    private static async Task<FlagSnapshot?> LapseReasonAsync(CrossBorderDbContext db, Deal deal, ListingCopy? listing, string exportClass,
        CancellationToken ct)
    {
        static FlagSnapshot Lapsed(string why, string detail) => new() { Code = "lapsed_" + why, Detail = detail };
        if (listing is null || !listing.IsPublished)
            return Lapsed("listing_not_offered", $"At the end of the notice the listing is {listing?.Snapshot.Status ?? "unknown"}, not published.");
        if (!listing.Snapshot.Modes.Contains(Platform.BuildingBlocks.Hosting.WireEnum.ToWire(deal.Mode)))
            return Lapsed("mode_not_offered", $"The listing no longer offers {Platform.BuildingBlocks.Hosting.WireEnum.ToWire(deal.Mode)}.");
        if (deal.Exchange is { } exchange && !await db.ExchangeListings.AnyAsync(
                e => e.ListingId == deal.ListingId && e.Exchange == exchange && e.Status == ExchangeListing.Listed, ct))
            return Lapsed("not_listed_on_exchange", $"The listing is no longer listed on {exchange}.");
        if (await db.Deals.AnyAsync(d => d.ListingId == deal.ListingId && d.Id != deal.Id && d.Status == DealStatus.Concluded
                && (d.Mode == DealMode.Transfer || d.Mode == DealMode.ExclusiveLicence), ct))
            return Lapsed("offer_ended", "A transfer or exclusive licence concluded on the listing during the notice.");
        if (deal.CrossBorder && exportClass == "prohibited")
            return Lapsed("export_prohibited", $"The technology is now classed prohibited for export; buyer country {deal.BuyerCountry}.");
        if (deal.CrossBorder && exportClass == "restricted" && string.IsNullOrWhiteSpace(deal.ExportLicenceNo))
            return Lapsed("export_licence_required", "The technology is now classed restricted, and the deal has no export licence.");
        return null;
    }

    /// <summary>below_p10 against the latest valuation at the conclusion date's rates (or below_p10_unknown without one).</summary>
    public static async Task<FlagSnapshot[]> BelowP10AtAsync(CrossBorderDbContext db, Deal deal, DateTimeOffset concludedAt, CancellationToken ct)
    {
        var valuation = await db.Valuations.AsNoTracking().SingleOrDefaultAsync(v => v.ListingId == deal.ListingId, ct);
        var rates = new Dictionary<string, decimal?>();
        foreach (var currency in new[] { deal.PriceCurrency, valuation?.Currency }.OfType<string>().Distinct())
            rates[currency] = (await FxRateRule.Applicable(db.FxRates.AsNoTracking(), currency, ShanghaiDate.Of(concludedAt)).FirstOrDefaultAsync(ct))?.RateToCny;
        return BelowP10.Check(deal.Price, valuation, c => rates.GetValueOrDefault(c)) is { } flag ? [flag] : [];
    }
}
