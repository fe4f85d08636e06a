using System.ComponentModel.DataAnnotations;
using CrossBorder.Api.Infrastructure;
using CrossBorder.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Monetary;

namespace CrossBorder.Api.Apis;

/// <summary>FX rates (admin), published as fx_rate.recorded for the services that convert.</summary>
public static class FxRatesApi
{
    public static IEndpointRouteBuilder MapFxRatesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/fx-rates", GetRate).WithTags("FX rates").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/fx-rates", RecordRate).WithTags("FX rates").RequireAuthorization(PlatformRoles.Admin);
        return app;
    }

    public sealed record FxRateRequest([property: Required] string? Currency, [property: Required] DateOnly? Date, [property: Required] decimal? RateToCny);

    public sealed record FxRateView(Guid Id, string Currency, DateOnly Date, decimal RateToCny, DateTimeOffset RecordedAt)
    {
        public static FxRateView From(FxRate r) => new(r.Id, r.Currency, r.Date, r.RateToCny, r.RecordedAt);
    }

    /// <summary>The one rate that applies on a date: the latest within 7 days before it, or 404.</summary>
    public static async Task<Ok<FxRateView>> GetRate([Required] string? currency, [Required] DateOnly? date, CrossBorderDbContext db, CancellationToken ct)
    {
        new ValidationErrors()
            .Check(Currency.IsKnown(currency), "currency", "Required: an ISO 4217 code such as USD.")
            .Check(date is not null, "date", "Required: YYYY-MM-DD.")
            .ThrowIfAny();
        var rate = await FxRateRule.Applicable(db.FxRates.AsNoTracking(), currency!, date!.Value).FirstOrDefaultAsync(ct)
            ?? throw ProblemException.NotFound($"A {currency} rate within {FxRateRule.MaxDaysBack} days up to {date:yyyy-MM-dd}");
        return TypedResults.Ok(FxRateView.From(rate));
    }

    /// <summary>Records a rate; one for a currency and date that has a rate replaces it, and the old one stays in history.</summary>
    public static async Task<Created<FxRateView>> RecordRate(FxRateRequest? body, CrossBorderDbContext db, TimeProvider clock, CancellationToken ct)
    {
        new ValidationErrors()
            .Check(Currency.IsKnown(body?.Currency) && body!.Currency != Currency.Cny, "currency", "An ISO 4217 code other than CNY.")
            .Check(body?.Date is not null, "date", "Required: YYYY-MM-DD.")
            .Check(body?.RateToCny is > 0m and < 1_000_000m && Money.DecimalPlaces(body.RateToCny.Value) <= 8, "rateToCny",
                "CNY per unit: positive, at most 8 decimal places.")
            .ThrowIfAny();
        var now = clock.GetUtcNow();
        var rate = new FxRate { Id = Guid.CreateVersion7(now), Currency = body!.Currency!, Date = body.Date!.Value, RateToCny = body.RateToCny!.Value, RecordedAt = now };
        db.FxRates.Add(rate);
        db.AddEvent(new FxRateRecorded { OccurredAt = now, RateId = rate.Id, Currency = rate.Currency, Date = rate.Date, RateToCny = rate.RateToCny }, clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/fx-rates?currency={rate.Currency}&date={rate.Date:yyyy-MM-dd}", FxRateView.From(rate));
    }
}
