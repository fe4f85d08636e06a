using System.Security.Claims;
using Listing.Api.Application;
using Listing.Api.Domain;
using Listing.Api.Infrastructure;
using Listing.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Messaging;

namespace Listing.Api.Apis;

public static class ListingsApi
{
    public static IEndpointRouteBuilder MapListingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/listings").WithTags("Listings");
        api.MapPost("/", CreateListing).RequireAuthorization(PlatformRoles.University).Idempotent();
        api.MapGet("/{id:guid}", GetListing);
        api.MapGet("/", SearchListings);
        api.MapPost("/{id:guid}/publish", PublishListing).RequireAuthorization(PlatformRoles.University);
        api.MapPost("/{id:guid}/withdraw", WithdrawListing).RequireAuthorization(PlatformRoles.University);
        return app;
    }

    public static async Task<Created<ListingView>> CreateListing(
        ListingRequest? body, ClaimsPrincipal user, ListingDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (modes, pricing, exchanges) = ListingRules.Validate(body);
        var invention = await db.Inventions.AsNoTracking().SingleOrDefaultAsync(i => i.Id == body!.InventionId, ct)
            ?? throw ProblemException.Rule("invention-not-found", "The invention does not exist.", $"No invention {body!.InventionId}.");
        if (!user.IsUniversity(invention.UniversityId))
            throw ProblemException.Forbidden("Only the owning university lists its inventions.");
        var now = clock.GetUtcNow();
        var listing = new ListingOffer
        {
            Id = Guid.CreateVersion7(now), InventionId = invention.Id, UniversityId = invention.UniversityId,
            Modes = modes, Pricing = pricing, Exchanges = exchanges, CreatedAt = now, UpdatedAt = now,
        };
        db.Listings.Add(listing);
        db.AddEvent(new ListingDrafted { OccurredAt = now, Listing = ListingSnapshots.Of(listing, invention) }, clock);
        await db.SaveChangesAsync(ct);
        http.SetETag(listing.Version);
        return TypedResults.Created($"/api/listings/{listing.Id}", ListingView.From(listing));
    }

    /// <summary>A draft listing is seen by its university, auditors and admins only (404 to others).</summary>
    public static async Task<Ok<ListingView>> GetListing(Guid id, ClaimsPrincipal user, ListingDbContext db, HttpContext http, CancellationToken ct)
    {
        var listing = await db.Listings.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct) ?? throw ProblemException.NotFound("Listing");
        if (listing.Status == ListingStatus.Draft && !Visibility.SeesAll(user, listing.UniversityId)) throw ProblemException.NotFound("Listing");
        http.SetETag(listing.Version);
        return TypedResults.Ok(ListingView.From(listing));
    }

    /// <summary>Listings by status, mode and exchange, and by the text of their invention; keyset pages.</summary>
    public static async Task<Ok<Page<ListingView>>> SearchListings(string? status, string? mode, string? exchange,
        string? q, int? limit, string? cursor, ClaimsPrincipal user, ListingDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors().Check(q is null || q.Length <= 200, "q", "At most 200 characters.");
        ListingStatus? statusValue = WireEnum.TryParse<ListingStatus>(status, out var st) ? st : null;
        DealMode? modeValue = WireEnum.TryParse<DealMode>(mode, out var md) ? md : null;
        errors.Check(status is null || statusValue is not null, "status", "draft, published, withdrawn, transferred or licensed_exclusively.");
        errors.Check(mode is null || modeValue is not null, "mode", "transfer, exclusive_licence, non_exclusive_licence or equity.");
        var paging = Search.Paging(errors, limit, cursor);
        errors.ThrowIfAny();

        var parameters = new List<Npgsql.NpgsqlParameter>();
        var (rank, matches) = Search.TextQuery(q, parameters);
        var where = new List<string> { matches };
        if (statusValue is not null) { where.Add("l.status = @status"); parameters.Add(new("status", statusValue.Value.ToString())); }
        if (modeValue is not null) { where.Add("l.modes @> @mode::jsonb"); parameters.Add(new("mode", $"[\"{modeValue.Value.ToWire()}\"]")); }
        if (exchange is not null) { where.Add("l.exchanges @> @exchange::jsonb"); parameters.Add(new("exchange", System.Text.Json.JsonSerializer.Serialize(new[] { exchange }))); }
        if (!Visibility.IsPrivileged(user))
        {
            where.Add(Visibility.ListingSqlForOthers);
            parameters.Add(new("caller_org", user.Org() ?? ""));
        }
        var page = await Search.PageAsync(db,
            $"SELECT l.id, {rank} AS rank FROM listings l JOIN inventions i ON i.id = l.invention_id WHERE {string.Join(" AND ", where)}",
            parameters, paging, ct);

        var found = await db.Listings.AsNoTracking().Where(l => page.Ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        return TypedResults.Ok(new Page<ListingView>(page.Ids.Select(id => ListingView.From(found[id])).ToList(), page.NextCursor));
    }

    public static Task<Ok<ListingView>> PublishListing(
        Guid id, ClaimsPrincipal user, ListingDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, user, db, clock, http, (l, now) => l.Publish(now),
            (snapshot, now) => db.AddEvent(new ListingPublished { OccurredAt = now, Listing = snapshot }, clock), ct);

    public static Task<Ok<ListingView>> WithdrawListing(
        Guid id, ClaimsPrincipal user, ListingDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, user, db, clock, http, (l, now) => l.Withdraw(now),
            (snapshot, now) => db.AddEvent(new ListingWithdrawn { OccurredAt = now, Listing = snapshot }, clock), ct);

    /// <summary>A lifecycle step by the owner: the change and its event commit together (outbox).</summary>
    private static async Task<Ok<ListingView>> ChangeAsync(
        Guid id, ClaimsPrincipal user, ListingDbContext db, TimeProvider clock, HttpContext http,
        Action<ListingOffer, DateTimeOffset> change, Action<ListingSnapshot, DateTimeOffset> emit, CancellationToken ct)
    {
        var listing = await db.Listings.SingleOrDefaultAsync(l => l.Id == id, ct) ?? throw ProblemException.NotFound("Listing");
        if (!user.IsUniversity(listing.UniversityId))
            throw ProblemException.Forbidden("Only the owning university changes its listings.");
        var invention = await db.Inventions.AsNoTracking().SingleAsync(i => i.Id == listing.InventionId, ct);
        var now = clock.GetUtcNow();
        change(listing, now);
        emit(ListingSnapshots.Of(listing, invention), now);
        await db.SaveChangesAsync(ct);
        http.SetETag(listing.Version);
        return TypedResults.Ok(ListingView.From(listing));
    }
}
