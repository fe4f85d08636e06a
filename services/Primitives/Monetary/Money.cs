using System.Globalization;
using System.Text.Json.Serialization;

namespace Platform.BuildingBlocks.Monetary;

/// <summary>
/// An amount of money: a decimal and an ISO 4217 currency. Never a double.
/// On the wire it is <c>{"amount": "1000.00", "currency": "CNY"}</c> with the amount as a string.
/// </summary>
[JsonConverter(typeof(MoneyJsonConverter))]
public readonly record struct Money
{
    public Money(decimal amount, string currency)
    {
        if (!Monetary.Currency.IsKnown(currency))
            throw new ArgumentException($"Unknown currency '{currency}'.", nameof(currency));
        if (DecimalPlaces(amount) > Monetary.Currency.DigitsOf(currency))
            throw new ArgumentException(
                $"{currency} allows at most {Monetary.Currency.DigitsOf(currency)} decimal digits.", nameof(amount));
        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; }
    public string Currency { get; }

    public static Money Cny(decimal amount) => new(amount, Monetary.Currency.Cny);

    /// <summary>The amount with exactly the currency's minor digits, e.g. "1000.00".</summary>
    public string AmountText => Amount.ToString("F" + Monetary.Currency.DigitsOf(Currency), CultureInfo.InvariantCulture);

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount, SameCurrency(a, b));
    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount, SameCurrency(a, b));

    public override string ToString() => $"{AmountText} {Currency}";

    /// <summary>Number of significant decimal places (trailing zeros ignored).</summary>
    public static int DecimalPlaces(decimal value)
    {
        value /= 1.000000000000000000000000000000000m; // strips trailing zeros
        return (decimal.GetBits(value)[3] >> 16) & 0xFF;
    }

    private static string SameCurrency(Money a, Money b) =>
        a.Currency == b.Currency
            ? a.Currency
            : throw new InvalidOperationException($"Cannot combine {a.Currency} with {b.Currency}.");
}
