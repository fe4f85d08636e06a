using System.ComponentModel.DataAnnotations;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Monetary;

namespace Valuation.Api.Domain;

public enum ValuationMethod { Income, Market, Cost }

/// <summary>The valuation body (services/Valuation/README.md), plus the FX rates for inputs in another currency than the listing's.</summary>
public sealed record ValuationRequest(
    [property: Required] Guid? ListingId, [property: Required] ValuationMethod? Method, [property: Required] ValuationInputs? Inputs, SimulationSettings? Simulation,
    IReadOnlyDictionary<string, decimal>? FxRates);

/// <summary>Inputs of the three methods; each method reads its own.</summary>
public sealed record ValuationInputs(
    IReadOnlyList<Money>? AnnualRevenue = null, decimal? RoyaltyRate = null, decimal? DiscountRate = null, decimal? TaxRate = null,
    decimal? SuccessProbability = null,
    IReadOnlyList<Comparable?>? Comparables = null,
    Money? ReproductionCost = null, decimal? Obsolescence = null);

public sealed record Comparable(Money? Price, decimal? Adjustment);

/// <summary>
/// Monte Carlo settings. Volatility v spreads every input x over a triangular distribution
/// (x·(1 − v), x, x·(1 + v)); v = 0 collapses the range to the deterministic value.
/// </summary>
public sealed record SimulationSettings(int? Iterations, long? Seed, decimal? Volatility);

public static class ValuationRequestRules
{
    public const int DefaultIterations = 10_000;
    public const long DefaultSeed = 42;
    public const decimal DefaultVolatility = 0.20m;
    public const int MaxYears = 50;

    public static void Validate(ValuationRequest? r)
    {
        var errors = new ValidationErrors();
        if (r is null) errors.Add("$", "A body is required.").ThrowIfAny();
        errors.Check(r!.ListingId is not null && r.ListingId != Guid.Empty, "listingId", "Required.");
        errors.Check(r.Method is not null, "method", "Required: income, market or cost.");
        errors.Check(r.Inputs is not null, "inputs", "Required: the inputs of the method.");
        var s = r.Simulation;
        errors.Check(s?.Iterations is null or (>= 100 and <= 100_000), "simulation.iterations", "From 100 to 100000 (default 10000).");
        errors.Check(s?.Volatility is null or (>= 0m and <= 0.9m), "simulation.volatility", "From 0 to 0.9 (default 0.2).");
        foreach (var (currency, rate) in r.FxRates ?? new Dictionary<string, decimal>())
        {
            errors.Check(Currency.IsKnown(currency), $"fxRates.{currency}", "An ISO 4217 currency code.");
            errors.Check(rate > 0, $"fxRates.{currency}", "The rate to CNY must be positive.");
        }
        if (r.Inputs is { } i)
        {
            switch (r.Method)
            {
                case ValuationMethod.Income: ValidateIncome(i, errors); break;
                case ValuationMethod.Market: ValidateMarket(i, errors); break;
                case ValuationMethod.Cost: ValidateCost(i, errors); break;
            }
        }
        errors.ThrowIfAny();
    }

    private static void ValidateIncome(ValuationInputs i, ValidationErrors errors)
    {
        errors.Check(i.AnnualRevenue is { Count: > 0 and <= MaxYears }, "inputs.annualRevenue", $"One revenue forecast per year, 1 to {MaxYears} years.");
        for (var y = 0; y < (i.AnnualRevenue?.Count ?? 0); y++)
            errors.Check(i.AnnualRevenue![y].Amount >= 0, $"inputs.annualRevenue[{y}]", "Must not be negative.");
        errors.Check(i.RoyaltyRate is > 0m and <= 1m, "inputs.royaltyRate", "Greater than 0 and at most 1, e.g. \"0.04\".");
        errors.Check(i.DiscountRate is >= 0m and < 1m, "inputs.discountRate", "From 0 to less than 1, e.g. \"0.14\".");
        errors.Check(i.TaxRate is >= 0m and < 1m, "inputs.taxRate", "From 0 to less than 1, e.g. \"0.25\".");
        errors.Check(i.SuccessProbability is null or (> 0m and <= 1m), "inputs.successProbability", "Greater than 0 and at most 1 (default from the TRL).");
    }

    private static void ValidateMarket(ValuationInputs i, ValidationErrors errors)
    {
        errors.Check(i.Comparables is { Count: > 0 and <= 100 }, "inputs.comparables", "1 to 100 comparable transactions.");
        for (var c = 0; c < (i.Comparables?.Count ?? 0); c++)
        {
            var comparable = i.Comparables![c];
            errors.Check(comparable?.Price is { Amount: > 0 }, $"inputs.comparables[{c}].price", "Required and positive.");
            errors.Check(comparable?.Adjustment is > 0m and <= 10m, $"inputs.comparables[{c}].adjustment", "Greater than 0 and at most 10, e.g. \"0.9\".");
        }
    }

    private static void ValidateCost(ValuationInputs i, ValidationErrors errors)
    {
        errors.Check(i.ReproductionCost is { Amount: > 0 }, "inputs.reproductionCost", "Required and positive.");
        errors.Check(i.Obsolescence is >= 0m and < 1m, "inputs.obsolescence", "From 0 to less than 1, e.g. \"0.2\".");
    }
}
