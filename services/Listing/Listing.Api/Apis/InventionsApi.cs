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
using Platform.BuildingBlocks.OpenApi;

namespace Listing.Api.Apis;

public static class InventionsApi
{
    public static IEndpointRouteBuilder MapInventionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/inventions").WithTags("Inventions");
        api.MapPost("/", CreateInvention).RequireAuthorization(PlatformRoles.University).Idempotent();
        api.MapGet("/{id:guid}", GetInvention);
        api.MapGet("/", SearchInventions);
        api.MapPut("/{id:guid}", ReplaceInvention).RequireAuthorization(PlatformRoles.University).RequiresIfMatch();
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

    /// <summary>
    /// The whole invention to its university, auditors and admins; to others only once it has been offered (a
    /// listing of it published, even if since withdrawn or transferred), with its contributors' names alone.
    /// A draft is 404 to others, so that its existence does not leak.
    /// </summary>
    public static async Task<Results<Ok<InventionView>, Ok<PublishedInventionView>>> GetInvention(Guid id, ClaimsPrincipal user, ListingDbContext db,
        HttpContext http, CancellationToken ct)
    {
        var invention = await db.Inventions.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct)
            ?? throw ProblemException.NotFound("Invention");
        if (Visibility.SeesAll(user, invention.UniversityId))
        {
            http.SetETag(invention.Version);
            return TypedResults.Ok(InventionView.From(invention));
        }
        if (!await db.Listings.AnyAsync(l => l.InventionId == id && l.Status != ListingStatus.Draft, ct)) throw ProblemException.NotFound("Invention");
        return TypedResults.Ok(PublishedInventionView.From(invention));
    }

    /// <summary>Full text on title and abstract (English stems, Chinese substrings), filters, keyset pages.</summary>
    public static async Task<Ok<Page<object>>> SearchInventions(string? q, string? field, int? trlMin, string? universityId,
        int? limit, string? cursor, ClaimsPrincipal user, ListingDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors()
            .Check(q is null || q.Length <= 200, "q", "At most 200 characters.")
            .Check(trlMin is null or (>= 1 and <= 9), "trlMin", "From 1 to 9.");
        var paging = Search.Paging(errors, limit, cursor);
        errors.ThrowIfAny();

        var parameters = new List<Npgsql.NpgsqlParameter>();
        var (rank, matches) = Search.TextQuery(q, parameters);
        var where = new List<string> { matches };
        if (field is not null) { where.Add("(i.content->>'field') = @field"); parameters.Add(new("field", field)); }
        if (trlMin is not null) { where.Add("((i.content->>'trl')::int) >= @trl_min"); parameters.Add(new("trl_min", trlMin.Value)); }
        if (universityId is not null) { where.Add("i.university_id = @university"); parameters.Add(new("university", universityId)); }
        if (!Visibility.IsPrivileged(user))
        {
            where.Add(Visibility.InventionSqlForOthers);
            parameters.Add(new("caller_org", user.Org() ?? ""));
        }
        var page = await Search.PageAsync(db, $"SELECT i.id, {rank} AS rank FROM inventions i WHERE {string.Join(" AND ", where)}",
            parameters, paging, ct);

        var found = await db.Inventions.AsNoTracking().Where(i => page.Ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        return TypedResults.Ok(new Page<object>(page.Ids.Select(id => found[id]).Select(i => Visibility.SeesAll(user, i.UniversityId)
            ? (object)InventionView.From(i) : PublishedInventionView.From(i)).ToList(), page.NextCursor));
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
