using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Monetary;
using Platform.Testing;

namespace CrossBorder.Tests;

public class FxRatesApiTests(CrossBorderServiceFixture fixture) : IClassFixture<CrossBorderServiceFixture>
{
    private async Task<HttpResponseMessage> Record(string currency, string date, string rate, string role = "admin") =>
        await fixture.Client(role).PostAsJsonAsync("/api/fx-rates", new { currency, date, rateToCny = rate });

    private async Task<JsonNode?> Applicable(string currency, string date)
    {
        var response = await fixture.Client("auditor").GetAsync($"/api/fx-rates?currency={currency}&date={date}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : JsonNode.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_rate_that_applies_is_the_latest_within_seven_days_and_a_correction_replaces_it()
    {
        Assert.Equal(HttpStatusCode.Created, (await Record("EUR", "2026-03-02", "7.80")).StatusCode);
        Assert.Equal("7.80", (await Applicable("EUR", "2026-03-09"))!["rateToCny"]!.GetValue<string>()); // 7 days later
        Assert.Null(await Applicable("EUR", "2026-03-10")); // 8 days later: none
        Assert.Null(await Applicable("EUR", "2026-03-01")); // before it: none

        Assert.Equal(HttpStatusCode.Created, (await Record("EUR", "2026-03-02", "7.85")).StatusCode); // a correction
        Assert.Equal("7.85", (await Applicable("EUR", "2026-03-03"))!["rateToCny"]!.GetValue<string>());
        Assert.Equal(2, await fixture.Service.WithDbAsync(db => db.FxRates.CountAsync(r => r.Currency == "EUR"))); // history kept
        var events = await fixture.Service.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.MessageType.StartsWith("CrossBorder.Contracts.FxRateRecorded")));
        Assert.True(events >= 2);
    }

    [Theory]
    [InlineData("CNY", "2026-03-02", "1")]
    [InlineData("XYZ", "2026-03-02", "1")]
    [InlineData("USD", "2026-03-02", "0")]
    [InlineData("USD", "2026-03-02", "7.123456789")]
    public async Task Bad_rates_are_400_and_only_admins_record(string currency, string date, string rate)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await Record(currency, date, rate)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Record("USD", "2026-03-02", "7.1", role: "auditor")).StatusCode);
    }

    [Fact]
    public async Task A_deal_in_another_currency_compares_with_p10_at_the_conclusion_dates_rate()
    {
        var today = Platform.BuildingBlocks.Time.ShanghaiDate.Of(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Created, (await Record("USD", today, "7.00")).StatusCode);
        var listing = await fixture.PublishListingAsync(Snapshots.Listing());
        await fixture.Service.Services.GetRequiredService<IBus>().Publish(new Valuation.Contracts.ValuationCompleted
        {
            OccurredAt = DateTimeOffset.UtcNow, ValuationId = Guid.CreateVersion7(), ListingId = listing.ListingId, Method = "cost",
            Value = Money.Cny(200_000m),
            Range = new Valuation.Contracts.ValuationRangeSnapshot { P10 = Money.Cny(150_000m), P50 = Money.Cny(200_000m), P90 = Money.Cny(250_000m) },
        });
        await Eventually.TrueAsync(() => fixture.Service.WithDbAsync(db => db.Valuations.AnyAsync(v => v.ListingId == listing.ListingId)), what: "the valuation");

        var response = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals", new
        {
            listingId = listing.ListingId, mode = "non_exclusive_licence", pricingMethod = "exchange_listing",
            price = new { amount = "10000.00", currency = "USD" }, buyer = new { name = "Acme", country = "CN" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var flag = Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["flags"]!.AsArray())!;
        Assert.Equal("below_p10", flag["code"]!.GetValue<string>());
        Assert.Contains("70000.00 CNY", flag["detail"]!.GetValue<string>()); // 10,000 USD × 7.00
    }
}
