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
/// Valuation is advisory (domain.md §2): a price below the latest valuation's P10 is flagged, never refused.
/// The comparison is made in the valuation's currency; a deal priced in another currency is compared once FX
/// rates reach this service (not yet: then no flag is raised, and the deal says nothing false).
/// </summary>
public static class BelowP10
{
    public const string Code = "below_p10";

    public static FlagSnapshot? Check(Money price, LatestValuation? valuation) =>
        valuation is not null && price.Currency == valuation.Currency && price.Amount < valuation.P10Amount
            ? new FlagSnapshot
            {
                Code = Code,
                Detail = $"Price {price} is below P10 {valuation.P10} of valuation {valuation.ValuationId}.",
            }
            : null;
}
