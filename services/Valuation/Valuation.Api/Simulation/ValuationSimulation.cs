using Valuation.Api.Domain;

namespace Valuation.Api.Simulation;

/// <summary>
/// The Monte Carlo model of each method: the same formula as its deterministic value, on inputs drawn from
/// triangular distributions of spread <c>volatility</c> around the stated values.
/// </summary>
public static class ValuationSimulation
{
    public static MonteCarlo.Percentiles Run(object inputs, int iterations, long seed, double volatility, int? degreeOfParallelism = null) =>
        inputs switch
        {
            IncomeInputs income => MonteCarlo.Run(iterations, seed, r => Income(income, volatility, r), degreeOfParallelism),
            MarketInputs market => MonteCarlo.Run(iterations, seed, r => Market(market, volatility, r), degreeOfParallelism),
            CostInputs cost => MonteCarlo.Run(iterations, seed, r => Cost(cost, volatility, r), degreeOfParallelism),
            _ => throw new ArgumentException("Unknown inputs.", nameof(inputs)),
        };

    private static double Income(IncomeInputs i, double v, RandomStream r)
    {
        var royalty = Triangular.Sample(ref r, (double)i.RoyaltyRate, v, 0, 1);
        var discount = Triangular.Sample(ref r, (double)i.DiscountRate, v, 0, 0.99);
        var tax = Triangular.Sample(ref r, (double)i.TaxRate, v, 0, 0.99);
        var success = Triangular.Sample(ref r, (double)i.SuccessProbability, v, 0, 1);
        double total = 0, factor = 1;
        foreach (var revenue in i.AnnualRevenue)
        {
            factor *= 1 + discount;
            total += Triangular.Sample(ref r, (double)revenue, v, 0) * royalty * (1 - tax) / factor;
        }
        return total * success;
    }

    private static double Market(MarketInputs m, double v, RandomStream r)
    {
        double total = 0;
        foreach (var (price, adjustment) in m.Comparables)
            total += Triangular.Sample(ref r, (double)price, v, 0) * Triangular.Sample(ref r, (double)adjustment, v, 0);
        return total / m.Comparables.Count;
    }

    private static double Cost(CostInputs c, double v, RandomStream r) =>
        Triangular.Sample(ref r, (double)c.ReproductionCost, v, 0) * (1 - Triangular.Sample(ref r, (double)c.Obsolescence, v, 0, 1));
}
