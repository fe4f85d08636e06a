using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Monetary;
using Valuation.Api.Domain;
using Valuation.Api.Infrastructure;

namespace Valuation.Api.Apis;

public static class ValuationsApi
{
    public static IEndpointRouteBuilder MapValuationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/valuations").WithTags("Valuations");
        api.MapGet("/{id:guid}", GetValuation);
        api.MapGet("/", ListValuations);
        return app;
    }

    public sealed record RangeView(Money P10, Money P50, Money P90);

    public sealed record ValuationView(Guid Id, Guid ListingId, string Method, Money Value, RangeView Range, DateTimeOffset CreatedAt)
    {
        public static ValuationView From(ValuationRecord v) => new(v.Id, v.ListingId, v.Method, new Money(v.Value, v.Currency),
            new RangeView(new Money(v.P10, v.Currency), new Money(v.P50, v.Currency), new Money(v.P90, v.Currency)), v.CreatedAt);
    }

    public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

    public static async Task<Ok<ValuationView>> GetValuation(Guid id, ValuationDbContext db, CancellationToken ct) =>
        TypedResults.Ok(ValuationView.From(await db.Valuations.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, ct)
            ?? throw ProblemException.NotFound("Valuation")));

    public static async Task<Ok<Page<ValuationView>>> ListValuations(Guid? listingId, ValuationDbContext db, CancellationToken ct)
    {
        if (listingId is null)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["listingId"] = ["Required."] });
        var rows = await db.Valuations.AsNoTracking().Where(v => v.ListingId == listingId)
            .OrderByDescending(v => v.CreatedAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok(new Page<ValuationView>(rows.Select(ValuationView.From).ToList(), null));
    }
}
