using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Monetary;

namespace Valuation.Api.Domain;

/// <summary>
/// Converts inputs into the listing's currency with the rates the request gives (CNY per unit: "rateToCny").
/// Platform choice: the caller states the rates it valued with, so a valuation never depends on which rates
/// happened to have arrived; they are stored with its assumptions. A missing rate is 422 fx-rate-missing.
/// </summary>
public sealed class FxConverter(string targetCurrency, IReadOnlyDictionary<string, decimal>? rates)
{
    public string TargetCurrency { get; } = targetCurrency;
    public Dictionary<string, decimal> Used { get; } = new(StringComparer.Ordinal);

    public decimal Convert(Money money)
    {
        if (money.Currency == TargetCurrency) return money.Amount;
        var amount = money.Amount * RateToCny(money.Currency) / RateToCny(TargetCurrency);
        return Rounding.ToMinorUnit(amount, TargetCurrency);
    }

    private decimal RateToCny(string currency)
    {
        if (currency == Currency.Cny) return 1m;
        if (rates is null || !rates.TryGetValue(currency, out var rate))
            throw ProblemException.Rule("fx-rate-missing", "No FX rate for an input's currency.",
                $"Give fxRates.{currency} (CNY per {currency}) to value inputs in {currency} for a listing priced in {TargetCurrency}.");
        Used[currency] = rate;
        return rate;
    }
}
