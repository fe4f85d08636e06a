using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.BuildingBlocks.Monetary;

/// <summary>
/// Reads and writes <see cref="Money"/> as <c>{"amount": "12.34", "currency": "CNY"}</c>.
/// A JsonException here becomes a 400 naming the field (the amount must be a decimal string
/// with at most the currency's minor digits, and the currency must be ISO 4217).
/// </summary>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("Money must be an object {\"amount\": \"...\", \"currency\": \"...\"}.");
        string? amountText = null, currency = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
                throw new JsonException("Malformed money object.");
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "amount":
                    if (reader.TokenType != JsonTokenType.String)
                        throw new JsonException("Money amount must be a decimal string, e.g. \"1000.00\".");
                    amountText = reader.GetString();
                    break;
                case "currency":
                    if (reader.TokenType != JsonTokenType.String)
                        throw new JsonException("Money currency must be an ISO 4217 code string.");
                    currency = reader.GetString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        if (amountText is null || currency is null)
            throw new JsonException("Money needs both amount and currency.");
        return Parse(amountText, currency);
    }

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("amount", value.AmountText);
        writer.WriteString("currency", value.Currency);
        writer.WriteEndObject();
    }

    /// <summary>Parses a wire amount strictly: plain decimal notation, no exponent, no thousands separators.</summary>
    public static Money Parse(string amountText, string currency)
    {
        if (!Currency.IsKnown(currency))
            throw new JsonException($"Unknown currency '{currency}' (ISO 4217 code expected).");
        if (amountText.Length is 0 or > 40 ||
            !decimal.TryParse(amountText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var amount))
            throw new JsonException($"Money amount '{Truncate(amountText)}' is not a decimal string.");
        var digits = Currency.DigitsOf(currency);
        if (Money.DecimalPlaces(amount) > digits)
            throw new JsonException($"{currency} amounts have at most {digits} decimal digits.");
        return new Money(amount, currency);
    }

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
