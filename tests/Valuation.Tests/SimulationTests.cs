using Platform.BuildingBlocks.Monetary;
using Valuation.Api.Domain;
using Valuation.Api.Simulation;

namespace Valuation.Tests;

public class SimulationTests
{
    // Three years of revenue, royalty 5%, tax 25%, discount 10%, success 0.5.
    private static readonly IncomeInputs Income = new([1_000_000m, 1_200_000m, 1_400_000m], 0.05m, 0.10m, 0.25m, 0.5m);

    [Fact]
    public void The_income_method_is_the_discounted_after_tax_royalty_computed_by_hand()
    {
        // year 1: 1,000,000 × 0.05 × 0.75 / 1.1   = 34,090.909090…
        // year 2: 1,200,000 × 0.05 × 0.75 / 1.21  = 37,190.082644…
        // year 3: 1,400,000 × 0.05 × 0.75 / 1.331 = 39,444.027047…
        // sum 110,725.018782… × success 0.5 = 55,362.509391… → 55,362.51
        Assert.Equal(55_362.51m, Rounding.ToMinorUnit(Income.Value(), "CNY"));
    }

    [Fact]
    public void With_zero_volatility_the_range_collapses_to_the_deterministic_value()
    {
        var range = ValuationSimulation.Run(Income, 10_000, 7, volatility: 0);
        Assert.All(new[] { range.P10, range.P50, range.P90 }, p => Assert.Equal(55_362.51m, Rounding.ToMinorUnit((decimal)p, "CNY")));
        var cost = ValuationSimulation.Run(new CostInputs(1_000_000m, 0.2m), 1000, 7, volatility: 0);
        Assert.Equal(800_000.00m, Rounding.ToMinorUnit((decimal)cost.P10, "CNY"));
        var market = ValuationSimulation.Run(new MarketInputs([(100m, 0.9m), (300m, 1.1m)]), 1000, 7, volatility: 0);
        Assert.Equal(210.00m, Rounding.ToMinorUnit((decimal)market.P90, "CNY")); // (90 + 330) / 2
    }

    [Fact]
    public void The_same_inputs_and_seed_give_the_same_answer_with_any_degree_of_parallelism()
    {
        var one = ValuationSimulation.Run(Income, 10_000, 42, 0.3, degreeOfParallelism: 1);
        var four = ValuationSimulation.Run(Income, 10_000, 42, 0.3, degreeOfParallelism: 4);
        var again = ValuationSimulation.Run(Income, 10_000, 42, 0.3);
        Assert.Equal(one, four);
        Assert.Equal(one, again);
        Assert.NotEqual(one, ValuationSimulation.Run(Income, 10_000, 43, 0.3));
    }

    [Fact]
    public void A_known_seed_gives_a_known_range_on_every_machine()
    {
        // Only +, −, ×, ÷ and √ are used (IEEE 754 rounds them exactly everywhere), so these fens are fixed.
        var range = ValuationSimulation.Run(new CostInputs(1_000_000m, 0.2m), 10_000, 42, 0.2);
        var fens = new[] { range.P10, range.P50, range.P90 }.Select(p => Rounding.ToMinorUnit((decimal)p, "CNY")).ToArray();
        Assert.Equal(ExpectedCostRange, fens);
    }

    // Recorded from a run of the model above; a change here means every stored valuation would recompute differently.
    private static readonly decimal[] ExpectedCostRange = [709_182.27m, 799_424.77m, 889_722.37m];

    [Fact]
    public void A_spread_orders_the_percentiles_around_the_value()
    {
        var range = ValuationSimulation.Run(Income, 10_000, 1, 0.25);
        Assert.True(range.P10 < range.P50 && range.P50 < range.P90);
        Assert.InRange(range.P50, 0.85 * 55_362.51, 1.15 * 55_362.51);
    }

    [Fact]
    public void The_stream_of_an_iteration_does_not_depend_on_others()
    {
        var a = new RandomStream(42, 1234);
        var b = new RandomStream(42, 1234);
        Assert.Equal(a.NextUniform(), b.NextUniform());
        var c = new RandomStream(42, 1235);
        Assert.NotEqual(new RandomStream(42, 1234).NextUniform(), c.NextUniform());
    }

    [Theory]
    [InlineData(1, 0.05)]
    [InlineData(4, 0.25)]
    [InlineData(9, 0.90)]
    public void Success_defaults_from_the_trl(int trl, decimal expected) => Assert.Equal(expected, SuccessProbability.ForTrl(trl));
}
