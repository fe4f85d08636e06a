using System.ComponentModel.DataAnnotations;
using CrossBorder.Api.Application;
using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Tenants;

namespace CrossBorder.Api.Apis;

public static class ExchangesApi
{
    public static IEndpointRouteBuilder MapExchangesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/exchanges", GetExchanges).WithTags("Exchanges");
        app.MapGet("/api/linkages", GetLinkages).WithTags("Exchanges");
        app.MapGet("/api/exchange-listings", GetExchangeListings).WithTags("Exchanges");
        app.MapPost("/api/exchanges", AddExchange).WithTags("Exchanges").RequireAuthorization(PlatformRoles.Admin);
        app.MapPost("/api/linkages", AddLinkage).WithTags("Exchanges").RequireAuthorization(PlatformRoles.Admin);
        app.MapGet("/api/export-control/catalogue", GetCatalogue).WithTags("Export control");
        app.MapPost("/api/export-control/catalogue", AddCatalogueItem).WithTags("Export control").RequireAuthorization(PlatformRoles.Admin);
        return app;
    }

    public sealed record ExchangeView(string Code, string Name, string Country, string Currency, bool CrossBorderGateway);

    public sealed record LinkageView(string From, string To, LinkageKind Kind, string? Condition);

    public sealed record ExchangeListingView(string Exchange, string Status, string? Reason);


    public sealed record ExchangeRequest([property: Required] string? Code, [property: Required] string? Name, [property: Required] string? Country, [property: Required] string? Currency, bool? CrossBorderGateway);

    public sealed record LinkageRequest([property: Required] string? From, [property: Required] string? To, [property: Required] LinkageKind? Kind, string? Condition);

    public sealed record CatalogueItemView(string Item, string Class, string Title);

    public static async Task<Created<ExchangeView>> AddExchange(ExchangeRequest? body, CrossBorderDbContext db, TimeProvider clock, CancellationToken ct)
    {
        new ValidationErrors()
            .Check(body?.Code is { Length: >= 2 and <= 16 } c && c.All(ch => char.IsAsciiLetterUpper(ch) || char.IsAsciiDigit(ch) || ch == '-'), "code",
                "2 to 16 upper-case letters, digits or '-'.")
            .Check(body?.Name is { Length: > 0 and <= 300 }, "name", "Required, at most 300 characters.")
            .Check(body?.Country is { Length: 2 } country && country.All(char.IsAsciiLetterUpper), "country", "ISO 3166-1 alpha-2, e.g. KE.")
            .Check(Platform.BuildingBlocks.Monetary.Currency.IsKnown(body?.Currency), "currency", "ISO 4217, e.g. KES.")
            .ThrowIfAny();
        if (await db.Exchanges.AnyAsync(e => e.Code == body!.Code, ct))
            throw ProblemException.Conflict("exchange-exists", "An exchange with this code exists.");
        var exchange = new Exchange
        {
            Code = body!.Code!, Name = body.Name!, Country = body.Country!, Currency = body.Currency!, IsCrossBorderGateway = body.CrossBorderGateway ?? false,
        };
        db.Exchanges.Add(exchange);
        // The exchange is a tenant from this request on: its tokens are let in here and, once the event arrives, in
        // every other service (Tenants/RegisteredTenant.cs).
        await TenantRegistration.RegisterAndPublishAsync(db,
            new TenantRegistered(PlatformRoles.Exchange, exchange.Code, exchange.Name, clock.GetUtcNow()), clock, ct);
        return TypedResults.Created($"/api/exchanges", new ExchangeView(exchange.Code, exchange.Name, exchange.Country, exchange.Currency, exchange.IsCrossBorderGateway));
    }

    /// <summary>A directed link; cross_border links leave from a gateway to an exchange abroad, co_listing links join domestic ones.</summary>
    public static async Task<Created<LinkageView>> AddLinkage(LinkageRequest? body, CrossBorderDbContext db, CancellationToken ct)
    {
        new ValidationErrors()
            .Check(body?.Kind is not null, "kind", "co_listing or cross_border.")
            .Check(body?.Condition is null or "patent_assets", "condition", "null or patent_assets.")
            .Check(body?.From is not null && body.From != body.To, "from", "Required, not the same as to.")
            .Check(body?.To is not null, "to", "Required.")
            .ThrowIfAny();
        var from = await db.Exchanges.AsNoTracking().SingleOrDefaultAsync(e => e.Code == body!.From, ct);
        var to = await db.Exchanges.AsNoTracking().SingleOrDefaultAsync(e => e.Code == body!.To, ct);
        if (from is null || to is null)
            throw ProblemException.Rule("exchange-unknown", "Both ends of a linkage are registered exchanges.", $"{body!.From} → {body.To}.");
        var crossBorder = body!.Kind == LinkageKind.CrossBorder;
        if (crossBorder ? !(from.IsCrossBorderGateway && !to.IsDomestic) : !(from.IsDomestic && to.IsDomestic))
            throw ProblemException.Rule("linkage-not-allowed", "That linkage does not fit the exchanges.",
                "cross_border links go from a cross-border gateway to an exchange abroad; co_listing links join domestic exchanges.");
        if (await db.Linkages.AnyAsync(l => l.From == from.Code && l.To == to.Code && l.Kind == body.Kind, ct))
            throw ProblemException.Conflict("linkage-exists", "This linkage exists.");
        var linkage = new Linkage { Id = Guid.CreateVersion7(), From = from.Code, To = to.Code, Kind = body.Kind!.Value, Condition = body.Condition };
        db.Linkages.Add(linkage);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created("/api/linkages", new LinkageView(linkage.From, linkage.To, linkage.Kind, linkage.Condition));
    }

    public static async Task<Ok<Page<CatalogueItemView>>> GetCatalogue(CrossBorderDbContext db, CancellationToken ct) =>
        TypedResults.Ok(new Page<CatalogueItemView>(await db.Catalogue.AsNoTracking().OrderBy(c => c.Item)
            .Select(c => new CatalogueItemView(c.Item, c.Class, c.Title)).ToListAsync(ct), null));

    /// <summary>
    /// Adds an item. It applies to deals recorded from now on, and the listings that declared it are placed again
    /// at once (a restricted or prohibited item takes them off exchanges abroad); concluded deals keep their class.
    /// </summary>
    public static async Task<Created<CatalogueItemView>> AddCatalogueItem(CatalogueItemView? body, CrossBorderDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        new ValidationErrors()
            .Check(body?.Item is { Length: > 0 and <= 50 }, "item", "Required, at most 50 characters.")
            .Check(body?.Class is "restricted" or "prohibited", "class", "restricted or prohibited.")
            .Check(body?.Title is { Length: > 0 and <= 300 }, "title", "Required, at most 300 characters.")
            .ThrowIfAny();
        if (await db.Catalogue.AnyAsync(c => c.Item == body!.Item, ct))
            throw ProblemException.Conflict("catalogue-item-exists", "This catalogue item exists.");
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(ct);
        db.Catalogue.Add(new CatalogueItem { Item = body!.Item, Class = body.Class, Title = body.Title });
        await db.SaveChangesAsync(ct); // placement reads the catalogue from the database
        var declaring = await db.Listings
            .FromSql($"SELECT * FROM listings WHERE snapshot -> 'exportControl' ->> 'catalogueItem' = {body.Item}").ToListAsync(ct);
        var registry = await ListingPlacement.LoadRegistryAsync(db, ct);
        foreach (var listing in declaring)
            await ListingPlacement.PlaceAsync(db, listing, clock, ct, registry);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created("/api/export-control/catalogue", body);
    }

    public static async Task<Ok<Page<ExchangeView>>> GetExchanges(CrossBorderDbContext db, CancellationToken ct) =>
        TypedResults.Ok(new Page<ExchangeView>(await db.Exchanges.AsNoTracking().OrderBy(e => e.Code)
            .Select(e => new ExchangeView(e.Code, e.Name, e.Country, e.Currency, e.IsCrossBorderGateway)).ToListAsync(ct), null));

    public static async Task<Ok<Page<LinkageView>>> GetLinkages(CrossBorderDbContext db, CancellationToken ct) =>
        TypedResults.Ok(new Page<LinkageView>(await db.Linkages.AsNoTracking().OrderBy(l => l.From).ThenBy(l => l.To)
            .Select(l => new LinkageView(l.From, l.To, l.Kind, l.Condition)).ToListAsync(ct), null));

    public static async Task<Ok<Page<ExchangeListingView>>> GetExchangeListings(Guid? listingId, CrossBorderDbContext db, CancellationToken ct)
    {
        if (listingId is null)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["listingId"] = ["Required."] });
        var rows = await db.ExchangeListings.AsNoTracking().Where(e => e.ListingId == listingId).OrderBy(e => e.Exchange)
            .Select(e => new ExchangeListingView(e.Exchange, e.Status, e.Reason)).ToListAsync(ct);
        return TypedResults.Ok(new Page<ExchangeListingView>(rows, null));
    }
}
