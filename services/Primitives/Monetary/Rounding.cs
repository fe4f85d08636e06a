namespace Platform.BuildingBlocks.Monetary;

/// <summary>
/// The one place money is rounded (README.md §0): half away from zero to the minor unit,
/// except the reward pool, which rounds up. .NET's default banker's rounding is never used.
/// </summary>
public static class Rounding
{
    public static decimal ToMinorUnit(decimal value, string currency) =>
        Math.Round(value, Currency.DigitsOf(currency), MidpointRounding.AwayFromZero);

    /// <summary>Rounds up (towards positive infinity) to the minor unit: the reward pool rule of §4.</summary>
    public static decimal UpToMinorUnit(decimal value, string currency)
    {
        var scale = Pow10(Currency.DigitsOf(currency));
        return Math.Ceiling(value * scale) / scale;
    }

    internal static decimal Pow10(int digits)
    {
        var scale = 1m;
        for (var i = 0; i < digits; i++) scale *= 10m;
        return scale;
    }
}
