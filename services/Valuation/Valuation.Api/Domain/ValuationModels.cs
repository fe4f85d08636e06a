namespace Valuation.Api.Domain;

// The three methods' deterministic values, in decimal, on inputs already in the listing's currency.

/// <summary>Relief from royalty: the royalties the owner is spared, after tax, discounted, risk-adjusted.</summary>
public sealed record IncomeInputs(IReadOnlyList<decimal> AnnualRevenue, decimal RoyaltyRate, decimal DiscountRate, decimal TaxRate, decimal SuccessProbability)
{
    /// <summary>Σ_t revenue_t × royalty × (1 − tax) / (1 + discount)^t × success, years t = 1..n at year end.</summary>
    public decimal Value()
    {
        decimal total = 0m, factor = 1m;
        for (var t = 0; t < AnnualRevenue.Count; t++)
        {
            factor *= 1m + DiscountRate;
            total += AnnualRevenue[t] * RoyaltyRate * (1m - TaxRate) / factor;
        }
        return total * SuccessProbability;
    }
}

/// <summary>Market approach: the mean of comparable prices, each times its adjustment factor.</summary>
public sealed record MarketInputs(IReadOnlyList<(decimal Price, decimal Adjustment)> Comparables)
{
    public decimal Value() => Comparables.Sum(c => c.Price * c.Adjustment) / Comparables.Count;
}

/// <summary>Cost approach: reproduction cost less obsolescence.</summary>
public sealed record CostInputs(decimal ReproductionCost, decimal Obsolescence)
{
    public decimal Value() => ReproductionCost * (1m - Obsolescence);
}
