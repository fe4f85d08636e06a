using System.Security.Claims;
using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using CrossBorder.Contracts;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Time;

namespace CrossBorder.Api.Application;

/// <summary>
/// Recording a deal (services/CrossBorder/README.md §2-§5): who may record it, on which listing and exchange, under which
/// export-control class; concluded at once on an exchange, or put to public notice when priced by agreement. The deal,
/// its flags and its event (outbox and feed) commit together.
/// </summary>
public static class DealRecording
{
    public static async Task<Deal> RecordAsync(CrossBorderDbContext db, TimeProvider clock, ClaimsPrincipal user, DealRequest? body,
        CancellationToken ct)
    {
        DealRequestRules.Validate(body);
        var r = body!;
        var callerIsExchange = user.IsInRole(PlatformRoles.Exchange);
        var exchange = callerIsExchange ? user.RequireOrg() : null;
        var listing = await db.Listings.AsNoTracking().SingleOrDefaultAsync(l => l.ListingId == r.ListingId, ct);
        if (!callerIsExchange && listing is not null && !user.IsUniversity(listing.UniversityId))
            throw ProblemException.Forbidden("Only the owning university records its own deals.");
        DealRules.CheckPricing(r, callerIsExchange);
        var listed = exchange is not null && await db.ExchangeListings.AnyAsync(
            e => e.ListingId == r.ListingId && e.Exchange == exchange && e.Status == ExchangeListing.Listed, ct);
        DealRules.CheckListing(listing, r, exchange, listed);
        DealRules.CheckOfferNotEnded(await db.Deals.AnyAsync(d => d.ListingId == r.ListingId && d.Status == DealStatus.Concluded
            && (d.Mode == DealMode.Transfer || d.Mode == DealMode.ExclusiveLicence), ct), r.Mode!.Value);
        var exportClass = await Catalogue.EffectiveClassAsync(db, listing!.Snapshot, ct);
        var crossBorder = DealRules.CheckExportControl(listing!, r, exportClass);

        var agreement = r.PricingMethod == DealPricingMethod.Agreement;
        var now = clock.GetUtcNow();
        var deal = new Deal
        {
            Id = Guid.CreateVersion7(now), ListingId = listing!.ListingId, UniversityId = listing.UniversityId, Exchange = exchange,
            Mode = r.Mode!.Value, PricingMethod = r.PricingMethod!.Value, PriceAmount = r.Price!.Value.Amount,
            PriceCurrency = r.Price.Value.Currency, BuyerName = r.Buyer!.Name!.Trim(), BuyerCountry = r.Buyer.Country!,
            CrossBorder = crossBorder, ExportLicenceNo = r.ExportLicenceNo, ContractEffectiveAt = r.ContractEffectiveAt,
            EquityTotalShares = r.Equity?.TotalShares, Listing = listing.Snapshot, ExportClass = exportClass, CreatedAt = now,
            // exchange_listing and auction deals concluded on the exchange: concluded at once; agreement: public notice first.
            Status = agreement ? DealStatus.InPublicity : DealStatus.Concluded, ConcludedAt = agreement ? null : now,
            PublicityEndsAt = agreement ? await NoticeEndsAtAsync(db, listing.UniversityId, now, ct) : null,
        };
        // below_p10 is judged at conclusion: now for a deal concluded at once, at the end of the notice otherwise.
        if (!agreement) deal.Flags = await DealConclusion.BelowP10AtAsync(db, deal, now, ct);
        db.Deals.Add(deal);
        var snapshot = deal.Snapshot(withContributors: !agreement);
        if (agreement) await EventFeed.AddDealEventAsync(db, new DealInPublicity { OccurredAt = now, Deal = snapshot }, FeedEventTypes.DealInPublicity, snapshot, now, clock, ct);
        else await EventFeed.AddDealEventAsync(db, new DealConcluded { OccurredAt = now, Deal = snapshot }, FeedEventTypes.DealConcluded, snapshot, now, clock, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { ConstraintName: "ux_deals_one_exclusive_concluded" })
        {
            // services/CrossBorder/README.md §2, enforced by a unique index so that it holds under concurrency too.
            throw ProblemException.Conflict("exclusive-deal-exists", "The listing already has a concluded transfer or exclusive licence.",
                "At most one concluded transfer or exclusive_licence deal per listing.");
        }
        return deal;
    }

    /// <summary>The notice ends after the unit's publicityWorkingDays (its policy in force today, else 15) working days.</summary>
    private static async Task<DateTimeOffset> NoticeEndsAtAsync(CrossBorderDbContext db, string universityId, DateTimeOffset now, CancellationToken ct)
    {
        var today = ShanghaiDate.Of(now);
        var days = await db.NoticePolicies.Where(p => p.UniversityId == universityId && p.EffectiveFrom <= today)
            .OrderByDescending(p => p.EffectiveFrom).ThenByDescending(p => p.Version).Select(p => (int?)p.PublicityWorkingDays)
            .FirstOrDefaultAsync(ct) ?? PublicNotice.DefaultWorkingDays;
        var horizon = today.AddDays(days * 3 + 60); // far enough for any run of holidays
        var calendar = await db.Calendar.AsNoTracking().Where(d => d.Date > today && d.Date <= horizon).ToDictionaryAsync(d => d.Date, ct);
        return PublicNotice.EndsAt(PublicNotice.Period(today, days, calendar).LastDay);
    }
}
