namespace Valuation.Api.Domain;

/// <summary>
/// Default probability of technical success by technology readiness level, used by the income method when the
/// request gives none. Platform choice (README, "Valuation"): no public source maps TRL to success directly; this
/// table follows the shape of phase-transition success rates in drug development (BIO, Informa and QLS,
/// "Clinical Development Success Rates 2011–2020", 2021: about 8% from phase I, 50% from phase III, 90% from
/// filing) laid over the TRL ladder of ISO 16290:2013. Callers with better knowledge pass successProbability.
/// </summary>
public static class SuccessProbability
{
    private static readonly decimal[] ByTrl = [0.05m, 0.10m, 0.15m, 0.25m, 0.35m, 0.50m, 0.65m, 0.80m, 0.90m];

    public static decimal ForTrl(int trl) => ByTrl[Math.Clamp(trl, 1, 9) - 1];
}
