namespace Platform.BuildingBlocks.Monetary;

/// <summary>
/// ISO 4217 currencies the platform accepts, with their minor-unit digits.
/// Why a closed list: an unknown currency must be refused (README.md API conventions: 400), and the
/// minor digits decide how many decimals an amount may carry.
/// </summary>
public static class Currency
{
    public const string Cny = "CNY";

    private static readonly Dictionary<string, int> MinorDigits = new(StringComparer.Ordinal)
    {
        ["CNY"] = 2, ["HKD"] = 2, ["MOP"] = 2, ["TWD"] = 2, ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2,
        ["CHF"] = 2, ["SGD"] = 2, ["AUD"] = 2, ["CAD"] = 2, ["KES"] = 2, ["NGN"] = 2, ["ZAR"] = 2,
        ["EGP"] = 2, ["ETB"] = 2, ["BRL"] = 2, ["ARS"] = 2, ["MXN"] = 2, ["INR"] = 2, ["PKR"] = 2,
        ["BDT"] = 2, ["THB"] = 2, ["MYR"] = 2, ["PHP"] = 2, ["RUB"] = 2, ["AED"] = 2, ["SAR"] = 2,
        ["TRY"] = 2, ["NZD"] = 2, ["SEK"] = 2, ["NOK"] = 2, ["DKK"] = 2, ["PLN"] = 2, ["CZK"] = 2,
        ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["IDR"] = 2, ["CLP"] = 0, ["UGX"] = 0, ["RWF"] = 0,
        ["XOF"] = 0, ["XAF"] = 0,
        ["BHD"] = 3, ["KWD"] = 3, ["OMR"] = 3, ["JOD"] = 3, ["TND"] = 3, ["LYD"] = 3,
    };

    public static bool IsKnown(string? code) => code is not null && MinorDigits.ContainsKey(code);

    /// <summary>Minor-unit digits of a known currency; throws for an unknown one.</summary>
    public static int DigitsOf(string code) =>
        MinorDigits.TryGetValue(code, out var digits)
            ? digits
            : throw new ArgumentException($"Unknown currency '{code}'.", nameof(code));
}
