using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Monetary;
using Valuation.Api.Domain;

namespace Valuation.Tests;

/// <summary>Each method's inputs, broken one at a time: 400 naming the field.</summary>
public class ValidationTests
{
    private static ValuationRequest Income(ValuationInputs? inputs = null, SimulationSettings? simulation = null) => new(
        Guid.NewGuid(), ValuationMethod.Income,
        inputs ?? new ValuationInputs(AnnualRevenue: [Money.Cny(100m)], RoyaltyRate: 0.04m, DiscountRate: 0.14m, TaxRate: 0.25m),
        simulation, null);

    private static IDictionary<string, string[]> Errors(ValuationRequest r) =>
        Assert.Throws<RequestValidationException>(() => ValuationRequestRules.Validate(r)).Errors;

    [Fact]
    public void A_valid_income_request_passes() => ValuationRequestRules.Validate(Income());

    [Theory]
    [InlineData("inputs.royaltyRate", 0, 0.14, 0.25, null)]
    [InlineData("inputs.royaltyRate", 1.5, 0.14, 0.25, null)]
    [InlineData("inputs.discountRate", 0.04, 1.0, 0.25, null)]
    [InlineData("inputs.taxRate", 0.04, 0.14, -0.1, null)]
    [InlineData("inputs.successProbability", 0.04, 0.14, 0.25, 0.0)]
    public void Income_rates_out_of_range(string field, double royalty, double discount, double tax, double? success) =>
        Assert.Contains(field, Errors(Income(new ValuationInputs(AnnualRevenue: [Money.Cny(100m)], RoyaltyRate: (decimal)royalty,
            DiscountRate: (decimal)discount, TaxRate: (decimal)tax, SuccessProbability: (decimal?)success))).Keys);

    [Fact]
    public void Income_needs_a_revenue_forecast() =>
        Assert.Contains("inputs.annualRevenue", Errors(Income(new ValuationInputs(RoyaltyRate: 0.04m, DiscountRate: 0.1m, TaxRate: 0.2m))).Keys);

    [Fact]
    public void Market_needs_comparables_with_price_and_adjustment()
    {
        var errors = Errors(new ValuationRequest(Guid.NewGuid(), ValuationMethod.Market,
            new ValuationInputs(Comparables: [new Comparable(null, 0.9m), new Comparable(Money.Cny(10m), 0m)]), null, null));
        Assert.Contains("inputs.comparables[0].price", errors.Keys);
        Assert.Contains("inputs.comparables[1].adjustment", errors.Keys);
        Assert.Contains("inputs.comparables", Errors(new ValuationRequest(Guid.NewGuid(), ValuationMethod.Market, new ValuationInputs(), null, null)).Keys);
    }

    [Fact]
    public void Cost_needs_a_cost_and_obsolescence_below_one()
    {
        var errors = Errors(new ValuationRequest(Guid.NewGuid(), ValuationMethod.Cost, new ValuationInputs(Obsolescence: 1m), null, null));
        Assert.Contains("inputs.reproductionCost", errors.Keys);
        Assert.Contains("inputs.obsolescence", errors.Keys);
    }

    [Theory]
    [InlineData(10, null)]
    [InlineData(1_000_000, null)]
    [InlineData(null, 0.95)]
    public void Simulation_settings_are_bounded(int? iterations, double? volatility) =>
        Assert.Contains(Errors(Income(simulation: new SimulationSettings(iterations, null, (decimal?)volatility))).Keys, k => k.StartsWith("simulation.", StringComparison.Ordinal));
}
