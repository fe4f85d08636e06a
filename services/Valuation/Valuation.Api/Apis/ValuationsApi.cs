using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Persistence;
using Valuation.Api.Domain;
using Valuation.Api.Infrastructure;
using Valuation.Api.Simulation;
using Valuation.Contracts;

namespace Valuation.Api.Apis;

public static class ValuationsApi
{
    public static IEndpointRouteBuilder MapValuationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/valuations").WithTags("Valuations");
        api.MapPost("/", CreateValuation).RequireRoles(PlatformRoles.University, PlatformRoles.Exchange, PlatformRoles.Admin).Idempotent();
        api.MapGet("/{id:guid}", GetValuation);
        api.MapGet("/", ListValuations);
        return app;
    }

    public sealed record RangeView(Money P10, Money P50, Money P90);

    public sealed record ValuationView(Guid Id, Guid ListingId, string Method, Money Value, RangeView Range,
        JsonElement Inputs, JsonElement Assumptions, DateTimeOffset CreatedAt)
    {
        public static ValuationView From(ValuationRecord v) => new(v.Id, v.ListingId, v.Method, new Money(v.Value, v.Currency),
            new RangeView(new Money(v.P10, v.Currency), new Money(v.P50, v.Currency), new Money(v.P90, v.Currency)),
            JsonDocument.Parse(v.Inputs).RootElement, JsonDocument.Parse(v.Assumptions).RootElement, v.CreatedAt);
    }


    public static async Task<Created<ValuationView>> CreateValuation(
        ValuationRequest? body, ClaimsPrincipal user, ValuationDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ValuationRequestRules.Validate(body);
        var r = body!;
        var listing = await db.Listings.AsNoTracking().SingleOrDefaultAsync(l => l.ListingId == r.ListingId, ct)
            ?? throw ProblemException.Rule("listing-not-known", "The listing is not known to the valuation service yet.",
                $"Listing {r.ListingId} has not arrived here (listing.drafted or listing.published); retry shortly.");
        var snapshot = listing.Snapshot;
        var allowed = user.IsInRole(PlatformRoles.Admin) || user.IsUniversity(snapshot.UniversityId)
            || (user.IsInRole(PlatformRoles.Exchange) && snapshot.Exchanges.Contains(user.Org() ?? ""));
        if (!allowed) throw ProblemException.Forbidden("Only the owning university, an exchange the listing names, or an admin values a listing.");
        if (snapshot.Status is not ("draft" or "published"))
            throw ProblemException.Rule("listing-not-offered", "Only a draft or published listing is valued.", $"The listing is {snapshot.Status}.");

        var currency = snapshot.Pricing.AskingPrice?.Currency ?? Currency.Cny;
        var fx = new FxConverter(currency, r.FxRates);
        var (inputs, value, successSource) = Model(r, fx, snapshot.Trl);
        var iterations = r.Simulation?.Iterations ?? ValuationRequestRules.DefaultIterations;
        var seed = r.Simulation?.Seed ?? ValuationRequestRules.DefaultSeed;
        var volatility = r.Simulation?.Volatility ?? ValuationRequestRules.DefaultVolatility;
        var range = ValuationSimulation.Run(inputs, iterations, seed, (double)volatility);

        var now = clock.GetUtcNow();
        var record = new ValuationRecord
        {
            Id = Guid.CreateVersion7(now), ListingId = listing.ListingId, Method = r.Method!.Value.ToWire(), Currency = currency,
            Value = Rounding.ToMinorUnit(value, currency),
            P10 = ToMoney(range.P10, currency), P50 = ToMoney(range.P50, currency), P90 = ToMoney(range.P90, currency),
            Inputs = JsonSerializer.Serialize(r.Inputs, PlatformJson.Options),
            Assumptions = JsonSerializer.Serialize(new
            {
                currency,
                iterations,
                seed,
                volatility,
                distribution = "triangular(min = x·(1 − volatility), mode = x, max = x·(1 + volatility)) for every input, clipped to its valid range",
                random = "SplitMix64, one counter-based stream per iteration (seed, iteration)",
                percentiles = "nearest rank over the sorted outcomes",
                successProbability = successSource,
                fxRatesToCny = fx.Used,
                model = r.Method.Value switch
                {
                    ValuationMethod.Income => "relief from royalty: Σ revenue_t × royalty × (1 − tax) / (1 + discount)^t × success, t = 1..n",
                    ValuationMethod.Market => "mean of comparable price × adjustment",
                    _ => "reproduction cost × (1 − obsolescence)",
                },
            }, PlatformJson.Options),
            CreatedAt = now,
        };
        db.Valuations.Add(record);
        db.AddEvent(new ValuationCompleted
        {
            OccurredAt = now, ValuationId = record.Id, ListingId = record.ListingId, Method = record.Method,
            Value = new Money(record.Value, currency),
            Range = new ValuationRangeSnapshot
            {
                P10 = new Money(record.P10, currency), P50 = new Money(record.P50, currency), P90 = new Money(record.P90, currency),
            },
        }, clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/valuations/{record.Id}", ValuationView.From(record));
    }

    /// <summary>The method's inputs in the listing's currency, its deterministic value, and where success came from.</summary>
    private static (object Inputs, decimal Value, object? SuccessSource) Model(ValuationRequest r, FxConverter fx, int trl)
    {
        var i = r.Inputs!;
        try
        {
            switch (r.Method!.Value)
            {
                case ValuationMethod.Income:
                    var success = i.SuccessProbability ?? SuccessProbability.ForTrl(trl);
                    var income = new IncomeInputs(i.AnnualRevenue!.Select(fx.Convert).ToList(), i.RoyaltyRate!.Value, i.DiscountRate!.Value,
                        i.TaxRate!.Value, success);
                    return (income, income.Value(), new
                    {
                        value = success,
                        source = i.SuccessProbability is null ? $"default for TRL {trl} (platform table, README)" : "given",
                    });
                case ValuationMethod.Market:
                    var market = new MarketInputs(i.Comparables!.Select(c => (fx.Convert(c!.Price!.Value), c.Adjustment!.Value)).ToList());
                    return (market, market.Value(), null);
                default:
                    var cost = new CostInputs(fx.Convert(i.ReproductionCost!.Value), i.Obsolescence!.Value);
                    return (cost, cost.Value(), null);
            }
        }
        catch (OverflowException)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["inputs"] = ["The amounts are too large to value."] });
        }
    }

    private static decimal ToMoney(double sample, string currency) =>
        double.IsFinite(sample) && Math.Abs(sample) < 1e20
            ? Rounding.ToMinorUnit((decimal)sample, currency)
            : throw new RequestValidationException(new Dictionary<string, string[]> { ["inputs"] = ["The amounts are too large to value."] });

    public static async Task<Ok<ValuationView>> GetValuation(Guid id, ValuationDbContext db, CancellationToken ct) =>
        TypedResults.Ok(ValuationView.From(await db.Valuations.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, ct)
            ?? throw ProblemException.NotFound("Valuation")));

    /// <summary>Newest first.</summary>
    private static readonly Keyset<ValuationRecord, (DateTimeOffset, Guid)> NewestFirst =
        Keyset.By<ValuationRecord, DateTimeOffset, Guid>(v => v.CreatedAt, v => v.Id, descending: true);

    /// <summary>A listing's valuations, newest first, a page at a time (earlier, a listing with more than limit was cut short).</summary>
    public static async Task<Ok<Page<ValuationView>>> ListValuations(Guid? listingId, int? limit, string? cursor, ValuationDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors().Check(listingId is not null, "listingId", "Required.");
        var paging = PageCursor.Read<DateTimeOffset, Guid>(errors, limit, cursor);
        errors.ThrowIfAny();
        var page = await db.Valuations.AsNoTracking().Where(v => v.ListingId == listingId).KeysetPageAsync(NewestFirst, paging, ct);
        return TypedResults.Ok(page.Map(ValuationView.From));
    }
}
