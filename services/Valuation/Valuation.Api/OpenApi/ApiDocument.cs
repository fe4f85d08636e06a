using Platform.BuildingBlocks.OpenApi;

namespace Valuation.Api.OpenApi;

/// <summary>The service's OpenAPI title, what it owns, and a line for each tag (the shared introduction is added to it).</summary>
public static class ApiDocument
{
    public static readonly ServiceDocument Value = new(
        "Valuation API",
        "The valuation service values a listed invention by the income, cost or market method, with a Monte Carlo range (P10, P50, P90), and keeps every valuation. Its rules: services/Valuation/README.md in the repository.",
        new Dictionary<string, string>
        {
            ["Valuations"] = "A listing's valuations: the method's inputs, the simulated range and the value, kept as made.",
        });
}
