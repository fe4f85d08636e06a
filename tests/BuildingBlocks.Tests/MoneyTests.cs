using System.Text.Json;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Monetary;

namespace BuildingBlocks.Tests;

public class MoneyTests
{
    [Theory]
    [InlineData("{\"amount\":\"1000000.00\",\"currency\":\"CNY\"}", 1000000.00, "CNY")]
    [InlineData("{\"amount\":\"5\",\"currency\":\"JPY\"}", 5, "JPY")]
    [InlineData("{\"amount\":\"1.234\",\"currency\":\"KWD\"}", 1.234, "KWD")]
    public void Reads_amount_strings(string json, decimal amount, string currency)
    {
        var money = JsonSerializer.Deserialize<Money>(json, PlatformJson.Options);
        Assert.Equal(new Money(amount, currency), money);
    }

    [Theory]
    [InlineData("MWK", 2)] // Malawi, a South-South partner country: refused by the old hand-kept list of 50
    [InlineData("ZWG", 2)] // Zimbabwe Gold, added in 2024
    [InlineData("CLP", 0)]
    [InlineData("BHD", 3)]
    [InlineData("UYW", 4)] // unidad previsional: four minor digits
    public void Every_active_ISO_4217_currency_is_accepted_with_its_minor_units(string code, int digits)
    {
        Assert.True(Currency.IsKnown(code));
        Assert.Equal(digits, Currency.DigitsOf(code));
    }

    [Theory]
    [InlineData("CLF")] // a funds code (Unidad de Fomento)
    [InlineData("USN")] // US dollar next day: a funds code
    [InlineData("BOV")]
    [InlineData("XAU")] // gold: no minor unit, not money
    [InlineData("XTS")] // reserved for testing
    [InlineData("XXX")] // no currency
    [InlineData("DEM")] // retired (list three only)
    [InlineData("ZWL")] // retired in 2024
    public void Funds_retired_and_non_money_codes_are_refused(string code) => Assert.False(Currency.IsKnown(code));

    [Fact]
    public void The_list_is_ISOs_own_with_its_publication_date() =>
        Assert.True(Currency.Codes.Count > 150 && Currency.Published.StartsWith("20", StringComparison.Ordinal), $"{Currency.Codes.Count} codes, {Currency.Published}");

    [Theory]
    [InlineData("{\"amount\":\"1.001\",\"currency\":\"CNY\"}")] // more digits than the fen
    [InlineData("{\"amount\":\"1.5\",\"currency\":\"JPY\"}")] // yen has no minor unit
    [InlineData("{\"amount\":\"10.00\",\"currency\":\"XYZ\"}")] // not ISO 4217
    [InlineData("{\"amount\":10.00,\"currency\":\"CNY\"}")] // a number, not a string
    [InlineData("{\"amount\":\"1e5\",\"currency\":\"CNY\"}")] // exponent
    [InlineData("{\"amount\":\"99999999999999999999999999999999.00\",\"currency\":\"CNY\"}")] // overflow
    [InlineData("{\"currency\":\"CNY\"}")]
    public void Refuses_bad_money(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Money>(json, PlatformJson.Options));

    [Fact]
    public void Writes_the_currency_digits() =>
        Assert.Equal("{\"amount\":\"12.50\",\"currency\":\"CNY\"}", JsonSerializer.Serialize(Money.Cny(12.5m), PlatformJson.Options));

    [Fact]
    public void Adding_different_currencies_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => Money.Cny(1m) + new Money(1m, "USD"));

    [Theory]
    [InlineData(0.005, 0.01)] // half away from zero, never banker's (which would give 0.00)
    [InlineData(0.015, 0.02)]
    [InlineData(0.025, 0.03)]
    [InlineData(-0.005, -0.01)]
    public void Rounds_half_away_from_zero(decimal value, decimal expected) =>
        Assert.Equal(expected, Rounding.ToMinorUnit(value, "CNY"));

    [Theory]
    [InlineData(658000.001, 658000.01)]
    [InlineData(0.001, 0.01)]
    [InlineData(1.00, 1.00)]
    public void Reward_pool_rounds_up(decimal value, decimal expected) =>
        Assert.Equal(expected, Rounding.UpToMinorUnit(value, "CNY"));
}
