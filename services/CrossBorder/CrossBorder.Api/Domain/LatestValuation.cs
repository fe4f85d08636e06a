using CrossBorder.Contracts;
using Platform.BuildingBlocks.Monetary;

namespace CrossBorder.Api.Domain;

/// <summary>The latest valuation of a listing, from valuation.completed (the newest by occurrence wins).</summary>
public sealed class LatestValuation
{
    public Guid ListingId { get; init; }
    public Guid ValuationId { get; set; }
    public decimal P10Amount { get; set; }
    public required string Currency { get; set; }
    public DateTimeOffset OccurredAt { get; set; }

    public Money P10 => new(P10Amount, Currency);
}

/// <summary>
/// Valuation is advisory (services/CrossBorder/README.md §2): a price below the latest valuation's P10 is flagged, never refused.
/// Different currencies compare in CNY at the rates of the conclusion date (the latest within 7 days); without
/// such a rate the comparison cannot be made, and the deal says so (below_p10_unknown) rather than nothing.
/// </summary>
public static class BelowP10
{
    public const string Code = "below_p10";
    public const string UnknownCode = "below_p10_unknown";

    /// <param name="toCny">CNY per unit of a currency on the conclusion date, or null when no rate applies.</param>
    public static FlagSnapshot? Check(Money price, LatestValuation? valuation, Func<string, decimal?> toCny)
    {
        if (valuation is null) return null;
        if (price.Currency == valuation.Currency)
            return price.Amount < valuation.P10Amount ? Flag(price, valuation, null) : null;
        var priceRate = price.Currency == Currency.Cny ? 1m : toCny(price.Currency);
        var p10Rate = valuation.Currency == Currency.Cny ? 1m : toCny(valuation.Currency);
        if (priceRate is null || p10Rate is null)
            return new FlagSnapshot
            {
                Code = UnknownCode,
                Detail = $"Price {price} and P10 {valuation.P10} of valuation {valuation.ValuationId} could not be compared: "
                    + $"no {(priceRate is null ? price.Currency : valuation.Currency)} rate within 7 days before the conclusion date.",
            };
        var priceCny = Rounding.ToMinorUnit(price.Amount * priceRate.Value, Currency.Cny);
        var p10Cny = Rounding.ToMinorUnit(valuation.P10Amount * p10Rate.Value, Currency.Cny);
        return priceCny < p10Cny ? Flag(price, valuation, $" ({Money.Cny(priceCny)} against {Money.Cny(p10Cny)} at the conclusion date's rates)") : null;
    }

    private static FlagSnapshot Flag(Money price, LatestValuation valuation, string? converted) => new()
    {
        Code = Code,
        Detail = $"Price {price} is below P10 {valuation.P10} of valuation {valuation.ValuationId}{converted}.",
    };
}
