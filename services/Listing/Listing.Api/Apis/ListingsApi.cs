using System.Security.Claims;
using Listing.Api.Domain;
using Listing.Api.Infrastructure;
using Listing.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Messaging;

namespace Listing.Api.Apis;

public static class ListingsApi
{
    public static IEndpointRouteBuilder MapListingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/listings").WithTags("Listings");
        api.MapPost("/", CreateListing).RequireAuthorization(PlatformRoles.University);
        api.MapGet("/{id:guid}", GetListing);
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

    public static async Task<Ok<ListingView>> GetListing(Guid id, ListingDbContext db, HttpContext http, CancellationToken ct)
    {
        var listing = await db.Listings.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct) ?? throw ProblemException.NotFound("Listing");
        http.SetETag(listing.Version);
        return TypedResults.Ok(ListingView.From(listing));
    }

    public static Task<Ok<ListingView>> PublishListing(
        Guid id, ClaimsPrincipal user, ListingDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, user, db, clock, http, ct, (l, now) => l.Publish(now),
            (snapshot, now) => db.AddEvent(new ListingPublished { OccurredAt = now, Listing = snapshot }, clock));

    public static Task<Ok<ListingView>> WithdrawListing(
        Guid id, ClaimsPrincipal user, ListingDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, user, db, clock, http, ct, (l, now) => l.Withdraw(now),
            (snapshot, now) => db.AddEvent(new ListingWithdrawn { OccurredAt = now, Listing = snapshot }, clock));

    /// <summary>A lifecycle step by the owner: the change and its event commit together (outbox).</summary>
    private static async Task<Ok<ListingView>> ChangeAsync(
        Guid id, ClaimsPrincipal user, ListingDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct,
        Action<ListingOffer, DateTimeOffset> change, Action<ListingSnapshot, DateTimeOffset> emit)
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
