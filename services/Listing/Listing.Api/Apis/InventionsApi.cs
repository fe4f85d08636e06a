using System.Security.Claims;
using Listing.Api.Domain;
using Listing.Api.Infrastructure;
using Listing.Contracts;
using Platform.BuildingBlocks.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;

namespace Listing.Api.Apis;

public static class InventionsApi
{
    public static IEndpointRouteBuilder MapInventionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/inventions").WithTags("Inventions");
        api.MapPost("/", CreateInvention).RequireAuthorization(PlatformRoles.University);
        api.MapGet("/{id:guid}", GetInvention);
        api.MapPut("/{id:guid}", ReplaceInvention).RequireAuthorization(PlatformRoles.University);
        return app;
    }

    public static async Task<Created<InventionView>> CreateInvention(
        InventionRequest? body, ClaimsPrincipal user, ListingDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var content = InventionRules.Validate(body);
        var now = clock.GetUtcNow();
        var invention = new Invention
        {
            Id = Guid.CreateVersion7(now), UniversityId = user.RequireOrg(), Content = content,
            Version = 1, CreatedAt = now, UpdatedAt = now,
        };
        db.Inventions.Add(invention);
        await db.SaveChangesAsync(ct);
        http.SetETag(invention.Version);
        return TypedResults.Created($"/api/inventions/{invention.Id}", InventionView.From(invention));
    }

    public static async Task<Ok<InventionView>> GetInvention(Guid id, ListingDbContext db, HttpContext http, CancellationToken ct)
    {
        var invention = await db.Inventions.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct)
            ?? throw ProblemException.NotFound("Invention");
        http.SetETag(invention.Version);
        return TypedResults.Ok(InventionView.From(invention));
    }

    public static async Task<Ok<InventionView>> ReplaceInvention(
        Guid id, InventionRequest? body, ClaimsPrincipal user, ListingDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var expected = http.RequireIfMatch();
        var invention = await db.Inventions.SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw ProblemException.NotFound("Invention");
        if (!user.IsUniversity(invention.UniversityId))
            throw ProblemException.Forbidden("Only the owning university changes its inventions.");
        var content = InventionRules.Validate(body);
        if (invention.Version != expected)
            throw new ProblemException(412, "stale-version", "The invention has changed since you read it.",
                $"If-Match names version {expected}; the current version is {invention.Version}.");
        invention.Content = content;
        invention.Version++;
        invention.UpdatedAt = clock.GetUtcNow();
        // Listings still offered carry the new contributors, rights and export class to the other services,
        // so a deal concluded later freezes what the university states now.
        var offered = await db.Listings.Where(l => l.InventionId == id
            && (l.Status == ListingStatus.Draft || l.Status == ListingStatus.Published)).ToListAsync(ct);
        foreach (var listing in offered)
        {
            listing.Touch(invention.UpdatedAt);
            db.AddEvent(new ListingUpdated { OccurredAt = invention.UpdatedAt, Listing = ListingSnapshots.Of(listing, invention) }, clock);
        }
        await db.SaveChangesAsync(ct); // versions are concurrency tokens: a concurrent update fails here
        http.SetETag(invention.Version);
        return TypedResults.Ok(InventionView.From(invention));
    }
}
