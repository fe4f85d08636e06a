using System.Security.Claims;
using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using CrossBorder.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Time;

namespace CrossBorder.Api.Apis;

public static class DealsApi
{
    public static IEndpointRouteBuilder MapDealsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/deals").WithTags("Deals");
        api.MapPost("/", RecordDeal).RequireRoles(PlatformRoles.Exchange, PlatformRoles.University).Idempotent();
        api.MapGet("/", ListDeals);
        api.MapGet("/{id:guid}", GetDeal);
        api.MapPut("/{id:guid}/registration", Register).RequireRoles(PlatformRoles.University, PlatformRoles.Exchange);
        return app;
    }

    public static async Task<Created<DealSnapshot>> RecordDeal(
        DealRequest? body, ClaimsPrincipal user, CrossBorderDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
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
        http.SetETag(deal.Version);
        return TypedResults.Created($"/api/deals/{deal.Id}", deal.Snapshot(withContributors: false));
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

    /// <summary>The owning university or the deal's exchange records a contract registration; event deal.registered.</summary>
    public static async Task<Ok<DealSnapshot>> Register(Guid id, RegistrationRequest? body, ClaimsPrincipal user, CrossBorderDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        Registrations.Validate(body);
        var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw ProblemException.NotFound("Deal");
        if (!user.IsUniversity(deal.UniversityId) && !user.IsExchange(deal.Exchange))
            throw ProblemException.Forbidden("Only the owning university or the deal's exchange registers its contract.");
        var now = clock.GetUtcNow();
        if (Registrations.Apply(deal, body!, now))
        {
            var snapshot = deal.Snapshot(withContributors: true);
            await EventFeed.AddDealEventAsync(db, new DealRegistered { OccurredAt = now, Deal = snapshot }, FeedEventTypes.DealRegistered, snapshot, now, clock, ct);
            await db.SaveChangesAsync(ct); // the version is a concurrency token: a concurrent change fails here
        }
        http.SetETag(deal.Version);
        return TypedResults.Ok(deal.Snapshot(withContributors: false));
    }

    /// <summary>
    /// Who sees a deal (root README, Rules: personal data; a deal names its buyer and price): its university, its
    /// exchange, the exchanges its listing is listed on, auditors and admins.
    /// </summary>
    private static IQueryable<Deal> VisibleTo(IQueryable<Deal> deals, ClaimsPrincipal user, CrossBorderDbContext db)
    {
        if (user.IsInRole(PlatformRoles.Auditor) || user.IsInRole(PlatformRoles.Admin)) return deals;
        var org = user.Org() ?? "";
        if (user.IsInRole(PlatformRoles.University)) return deals.Where(d => d.UniversityId == org);
        if (user.IsInRole(PlatformRoles.Exchange))
            return deals.Where(d => d.Exchange == org
                || db.ExchangeListings.Any(e => e.ListingId == d.ListingId && e.Exchange == org && e.Status == ExchangeListing.Listed));
        return deals.Where(_ => false);
    }

    private static readonly Keyset<Deal, Guid> DealsById = Keyset.By<Deal, Guid>(d => d.Id);

    /// <summary>Deals of a listing or with a status, oldest first (services/CrossBorder/README.md GET /api/deals?listingId=&amp;status=).</summary>
    public static async Task<Ok<Page<DealSnapshot>>> ListDeals(Guid? listingId, string? status, int? limit, string? cursor,
        ClaimsPrincipal user, CrossBorderDbContext db, CancellationToken ct)
    {
        DealStatus parsed = default;
        var errors = new ValidationErrors()
            .Check(status is null || WireEnum.TryParse(status, out parsed), "status", "in_publicity, objected, concluded or cancelled.");
        var paging = PageCursor.Read<Guid>(errors, limit, cursor, PageCursor.LegacyUuid);
        errors.ThrowIfAny();
        var query = VisibleTo(db.Deals.AsNoTracking(), user, db);
        if (listingId is not null) query = query.Where(d => d.ListingId == listingId);
        if (status is not null) query = query.Where(d => d.Status == parsed);
        var page = await query.KeysetPageAsync(DealsById, paging, ct);
        return TypedResults.Ok(page.Map(d => d.Snapshot(withContributors: false)));
    }

    /// <summary>A deal the caller may not see is 404, so that its existence does not leak.</summary>
    public static async Task<Ok<DealSnapshot>> GetDeal(Guid id, ClaimsPrincipal user, CrossBorderDbContext db, HttpContext http, CancellationToken ct)
    {
        var deal = await VisibleTo(db.Deals.AsNoTracking(), user, db).SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw ProblemException.NotFound("Deal");
        http.SetETag(deal.Version);
        return TypedResults.Ok(deal.Snapshot(withContributors: false));
    }
}
