using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;

namespace CrossBorder.Api.Apis;

public static class ExchangesApi
{
    public static IEndpointRouteBuilder MapExchangesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/exchanges", GetExchanges).WithTags("Exchanges");
        app.MapGet("/api/linkages", GetLinkages).WithTags("Exchanges");
        app.MapGet("/api/exchange-listings", GetExchangeListings).WithTags("Exchanges");
        return app;
    }

    public sealed record ExchangeView(string Code, string Name, string Country, string Currency, bool CrossBorderGateway);

    public sealed record LinkageView(string From, string To, LinkageKind Kind, string? Condition);

    public sealed record ExchangeListingView(string Exchange, string Status, string? Reason);


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
