using System.Security.Claims;
using CrossBorder.Api.Application;
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

    /// <summary>Records a deal (the use case: Application/DealRecording.cs) and answers it with its ETag.</summary>
    public static async Task<Created<DealSnapshot>> RecordDeal(
        DealRequest? body, ClaimsPrincipal user, CrossBorderDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var deal = await DealRecording.RecordAsync(db, clock, user, body, ct);
        http.SetETag(deal.Version);
        return TypedResults.Created($"/api/deals/{deal.Id}", deal.Snapshot(withContributors: false));
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
