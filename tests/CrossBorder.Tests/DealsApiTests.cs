using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Messaging;

namespace CrossBorder.Tests;

public class DealsApiTests(CrossBorderServiceFixture fixture) : IClassFixture<CrossBorderServiceFixture>
{
    private static object Deal(Guid listingId, string mode = "exclusive_licence", string country = "CN", string? licence = null,
        string pricing = "exchange_listing", DateTimeOffset? effective = null) => new
    {
        listingId, mode, pricingMethod = pricing, price = new { amount = "100000.00", currency = "CNY" },
        buyer = new { name = "Acme Ltd", country }, exportLicenceNo = licence, contractEffectiveAt = effective, equity = (object?)null,
    };

    private static async Task<string> ProblemType(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<string>();

    private Task<int> DealsAsync(Guid listingId) => fixture.Service.WithDbAsync(db => db.Deals.CountAsync(d => d.ListingId == listingId));

    [Fact]
    public async Task An_exchange_records_a_deal_that_concludes_and_emits_deal_concluded_with_contributors()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing());
        var response = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals", Deal(listing.ListingId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var deal = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("concluded", deal["status"]!.GetValue<string>());
        Assert.False(deal["crossBorder"]!.GetValue<bool>());
        Assert.Equal("STEX", deal["exchange"]!.GetValue<string>());
        Assert.Null(deal["contributors"]);
        var dealId = deal["id"]!.GetValue<string>();
        var concluded = await fixture.Service.WithDbAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType.StartsWith("CrossBorder.Contracts.DealConcluded")).Select(m => m.Body).ToListAsync());
        var snapshot = JsonNode.Parse(Assert.Single(concluded, b => b.Contains(dealId)))!["deal"]!;
        Assert.Equal("p-1", snapshot["contributors"]![0]!["personId"]!.GetValue<string>()); // frozen at conclusion, for revenue-sharing
    }

    [Fact]
    public async Task Co_listing_places_the_listing_on_SHIPX_where_that_exchange_may_then_record_deals()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing(exchanges: ["STEX"]));
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client("exchange", "SHIPX").PostAsJsonAsync("/api/deals",
            Deal(listing.ListingId, "non_exclusive_licence"))).StatusCode);
    }

    [Fact]
    public async Task An_exchange_not_listing_it_is_422_not_listed_on_exchange()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing(exchanges: ["STEX"]));
        var response = await fixture.Client("exchange", "KETX").PostAsJsonAsync("/api/deals", Deal(listing.ListingId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("/problems/not-listed-on-exchange", await ProblemType(response));
        Assert.Equal(0, await DealsAsync(listing.ListingId));
    }

    [Fact]
    public async Task A_mode_the_listing_does_not_offer_is_422()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing(modes: ["non_exclusive_licence"]));
        var response = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals", Deal(listing.ListingId, "transfer"));
        Assert.Equal("/problems/mode-not-offered", await ProblemType(response));
        Assert.Equal(0, await DealsAsync(listing.ListingId));
    }

    [Fact]
    public async Task An_unknown_or_unpublished_listing_is_422_listing_not_published()
    {
        var response = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals", Deal(Guid.CreateVersion7()));
        Assert.Equal("/problems/listing-not-published", await ProblemType(response));
    }

    [Fact]
    public async Task Prohibited_technology_may_not_be_sold_abroad()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing("prohibited"));
        var response = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals", Deal(listing.ListingId, country: "HK"));
        Assert.Equal("/problems/export-prohibited", await ProblemType(response));
        Assert.Equal(0, await DealsAsync(listing.ListingId));
        // A domestic buyer of the same technology is no export.
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals", Deal(listing.ListingId))).StatusCode);
    }

    [Fact]
    public async Task Restricted_technology_abroad_needs_an_export_licence()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing("restricted"));
        var exchange = fixture.Client("exchange", "STEX");
        var response = await exchange.PostAsJsonAsync("/api/deals", Deal(listing.ListingId, country: "KE"));
        Assert.Equal("/problems/export-licence-required", await ProblemType(response));
        var licensed = await exchange.PostAsJsonAsync("/api/deals", Deal(listing.ListingId, country: "KE", licence: "EL-2026-0001"));
        Assert.Equal(HttpStatusCode.Created, licensed.StatusCode);
        Assert.True(JsonNode.Parse(await licensed.Content.ReadAsStringAsync())!["crossBorder"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("MWK", "250000.00", HttpStatusCode.Created)] // Malawi kwacha: an active ISO 4217 currency
    [InlineData("CLF", "10.0000", HttpStatusCode.BadRequest)] // a funds code
    [InlineData("ZWL", "10.00", HttpStatusCode.BadRequest)] // retired in 2024
    public async Task A_deal_is_priced_in_any_active_ISO_currency_and_not_in_funds_or_retired_codes(string currency, string amount, HttpStatusCode expected)
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing(modes: ["non_exclusive_licence"]));
        var response = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals", new
        {
            listingId = listing.ListingId, mode = "non_exclusive_licence", pricingMethod = "exchange_listing",
            price = new { amount, currency }, buyer = new { name = "Lilongwe Labs", country = "MW" },
        });
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task At_most_one_exclusive_deal_concludes_per_listing_even_when_two_race()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing());
        var exchange = fixture.Client("exchange", "STEX");
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => exchange.PostAsJsonAsync("/api/deals", Deal(listing.ListingId))));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        // The exclusive deal ended the offer: no other deal after it.
        var after = await exchange.PostAsJsonAsync("/api/deals", Deal(listing.ListingId, "non_exclusive_licence"));
        Assert.Equal("/problems/listing-not-offered", await ProblemType(after));
    }

    private async Task<string> CrossBorderDealAsync(string country = "KE", DateTimeOffset? effective = null)
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing(modes: ["non_exclusive_licence"]));
        var response = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals",
            Deal(listing.ListingId, "non_exclusive_licence", country, effective: effective));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private static object Registration(string kind, DateTimeOffset at) => new { kind, number = "REG-2026-0001", registeredAt = at };

    [Fact]
    public async Task The_deals_exchange_registers_the_export_contract_and_deal_registered_is_sent()
    {
        var dealId = await CrossBorderDealAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("exchange", "SHIPX").PutAsJsonAsync($"/api/deals/{dealId}/registration",
            Registration("export_contract", DateTimeOffset.UtcNow))).StatusCode);
        var response = await fixture.Client("exchange", "STEX").PutAsJsonAsync($"/api/deals/{dealId}/registration", Registration("export_contract", DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deal = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("export_contract", Assert.Single(deal["registrations"]!.AsArray())!["kind"]!.GetValue<string>());
        Assert.Equal(2, deal["dealVersion"]!.GetValue<long>());
        Assert.Empty(deal["flags"]!.AsArray());
        var events = await fixture.Service.WithDbAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType.StartsWith("CrossBorder.Contracts.DealRegistered")).Select(m => m.Body).ToListAsync());
        Assert.Contains(events, e => e.Contains(dealId));
    }

    [Fact]
    public async Task An_export_registration_later_than_60_days_is_flagged_and_a_correction_never_clears_it()
    {
        var effective = DateTimeOffset.UtcNow.AddDays(-70);
        var dealId = await CrossBorderDealAsync(effective: effective);
        var stex = fixture.Client("exchange", "STEX");
        var response = await stex.PutAsJsonAsync($"/api/deals/{dealId}/registration", Registration("export_contract", DateTimeOffset.UtcNow));
        var flags = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["flags"]!.AsArray();
        Assert.Equal("registration_late", Assert.Single(flags)!["code"]!.GetValue<string>());

        // A second registration is a correction: a new version beside the first, and the flag stays.
        var corrected = JsonNode.Parse(await (await stex.PutAsJsonAsync($"/api/deals/{dealId}/registration",
            Registration("export_contract", effective.AddDays(10)))).Content.ReadAsStringAsync())!;
        Assert.Equal([1, 2], corrected["registrations"]!.AsArray().Select(r => r!["version"]!.GetValue<int>()));
        Assert.Contains(corrected["flags"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "registration_late");
        // Nor is a registration dated in the future accepted.
        Assert.Equal(HttpStatusCode.BadRequest, (await stex.PutAsJsonAsync($"/api/deals/{dealId}/registration",
            Registration("export_contract", DateTimeOffset.UtcNow.AddDays(2)))).StatusCode);
    }

    [Fact]
    public async Task A_repeated_registration_changes_nothing_and_sends_no_second_event()
    {
        var dealId = await CrossBorderDealAsync();
        var body = Registration("export_contract", DateTimeOffset.Parse("2026-11-30T10:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
        var first = JsonNode.Parse(await (await fixture.Client("exchange", "STEX").PutAsJsonAsync($"/api/deals/{dealId}/registration", body))
            .Content.ReadAsStringAsync())!;
        var retry = JsonNode.Parse(await (await fixture.Client("exchange", "STEX").PutAsJsonAsync($"/api/deals/{dealId}/registration", body))
            .Content.ReadAsStringAsync())!;
        Assert.Equal(first["dealVersion"]!.GetValue<long>(), retry["dealVersion"]!.GetValue<long>());
        Assert.Single(retry["registrations"]!.AsArray());
        var events = await fixture.Service.WithDbAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType.StartsWith("CrossBorder.Contracts.DealRegistered")).Select(m => m.Body).ToListAsync());
        Assert.Single(events, e => e.Contains(dealId));
    }

    [Fact]
    public async Task Day_60_counts_in_Shanghai_dates_so_its_last_minutes_are_on_time()
    {
        var dealId = await CrossBorderDealAsync(effective: DateTimeOffset.Parse("2026-09-01T10:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
        var response = await fixture.Client("exchange", "STEX").PutAsJsonAsync($"/api/deals/{dealId}/registration",
            Registration("export_contract", DateTimeOffset.Parse("2026-10-31T23:45:00+08:00", System.Globalization.CultureInfo.InvariantCulture))); // day 60, 13 h 45 min past the instant
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["flags"]!.AsArray());
    }

    [Fact]
    public async Task The_daily_check_flags_a_deal_never_registered_after_day_60_once()
    {
        var overdue = await CrossBorderDealAsync(effective: DateTimeOffset.UtcNow.AddDays(-61));
        var onTime = await CrossBorderDealAsync(effective: DateTimeOffset.UtcNow.AddDays(-30));
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        await fixture.Service.WithDbAsync(db => CrossBorder.Api.Infrastructure.RegistrationCheckJob.FlagOverdueAsync(db, TimeProvider.System, logger, CancellationToken.None));
        await fixture.Service.WithDbAsync(db => CrossBorder.Api.Infrastructure.RegistrationCheckJob.FlagOverdueAsync(db, TimeProvider.System, logger, CancellationToken.None));

        async Task<JsonArray> FlagsAsync(string id) =>
            JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/deals/{id}"))!["flags"]!.AsArray();
        Assert.Equal("registration_late", Assert.Single(await FlagsAsync(overdue))!["code"]!.GetValue<string>());
        Assert.Empty(await FlagsAsync(onTime));
        var flagged = await fixture.Service.WithDbAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType.StartsWith("CrossBorder.Contracts.DealFlagged")).Select(m => m.Body).ToListAsync());
        Assert.Single(flagged, b => b.Contains(overdue));
    }

    [Fact]
    public async Task A_domestic_deal_has_no_export_registration()
    {
        var dealId = await CrossBorderDealAsync("CN");
        var response = await fixture.Client("exchange", "STEX").PutAsJsonAsync($"/api/deals/{dealId}/registration", Registration("export_contract", DateTimeOffset.UtcNow));
        Assert.Equal("/problems/registration-not-applicable", await ProblemType(response));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client("university", "fudan").PutAsJsonAsync($"/api/deals/{dealId}/registration",
            Registration("tech_contract", DateTimeOffset.UtcNow))).StatusCode);
    }

    [Fact]
    public async Task A_university_records_only_agreement_deals_on_its_own_listings()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing());
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("university", "fudan").PostAsJsonAsync("/api/deals", Deal(listing.ListingId))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("university", "sjtu").PostAsJsonAsync("/api/deals",
            Deal(listing.ListingId, pricing: "agreement"))).StatusCode);
        Assert.Equal(0, await DealsAsync(listing.ListingId));
    }

    [Fact]
    public async Task An_equity_deal_concludes_with_the_shares_received_in_its_snapshot()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing(modes: ["equity"]));
        var response = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals", new
        {
            listingId = listing.ListingId, mode = "equity", pricingMethod = "exchange_listing", price = new { amount = "1.00", currency = "CNY" },
            buyer = new { name = "NewCo", country = "CN" }, equity = new { totalShares = 1_000_000 },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var deal = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("concluded", deal["status"]!.GetValue<string>());
        Assert.Equal(1_000_000, deal["equity"]!["totalShares"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_price_below_the_latest_valuations_p10_is_flagged_not_refused()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing());
        await fixture.Service.Services.GetRequiredService<MassTransit.IBus>().Publish(new Valuation.Contracts.ValuationCompleted
        {
            OccurredAt = DateTimeOffset.UtcNow, ValuationId = Guid.CreateVersion7(), ListingId = listing.ListingId, Method = "cost",
            Value = Platform.BuildingBlocks.Monetary.Money.Cny(200_000m),
            Range = new Valuation.Contracts.ValuationRangeSnapshot
            {
                P10 = Platform.BuildingBlocks.Monetary.Money.Cny(150_000m), P50 = Platform.BuildingBlocks.Monetary.Money.Cny(200_000m),
                P90 = Platform.BuildingBlocks.Monetary.Money.Cny(250_000m),
            },
        });
        await Platform.Testing.Eventually.TrueAsync(() => fixture.Service.WithDbAsync(db => db.Valuations.AnyAsync(v => v.ListingId == listing.ListingId)),
            what: "the valuation");
        var response = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals", Deal(listing.ListingId)); // 100,000.00 CNY
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var flags = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["flags"]!.AsArray();
        Assert.Equal("below_p10", Assert.Single(flags)!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"buyer\": {\"name\": \"x\", \"country\": \"Kenya\"}}", "buyer.country")]
    [InlineData("{\"mode\": \"equity\"}", "equity.totalShares")]
    [InlineData("{\"price\": {\"amount\": \"0.00\", \"currency\": \"CNY\"}}", "price")]
    public async Task Bad_deal_bodies_are_400(string json, string field)
    {
        var response = await fixture.Client("exchange", "STEX").PostAsync("/api/deals", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
    }

    [Fact]
    public async Task A_newer_listing_snapshot_wins_and_an_older_one_is_ignored()
    {
        var id = Guid.CreateVersion7();
        await fixture.PublishListingAsync(Snapshots.Listing(exchanges: ["SSTPE"], version: 5, id: id));
        var older = Guid.NewGuid();
        await fixture.Service.Services.GetRequiredService<MassTransit.IBus>().Publish(new Listing.Contracts.ListingWithdrawn
        {
            OccurredAt = DateTimeOffset.UtcNow, Listing = Snapshots.Listing(status: "withdrawn", version: 4, id: id),
        }, context => context.MessageId = older);
        // Wait until the older snapshot has been consumed (its inbox row), not for a fixed time.
        await Platform.Testing.Eventually.TrueAsync(() => fixture.Service.WithDbAsync(db => db.Set<InboxMessage>().AnyAsync(m => m.MessageId == older)),
            what: "the older snapshot consumed");
        var placements = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/exchange-listings?listingId={id}"))!["items"]!.AsArray();
        Assert.Contains(placements, p => p!["exchange"]!.GetValue<string>() == "KETX" && p["status"]!.GetValue<string>() == "listed");

        await fixture.Service.Services.GetRequiredService<MassTransit.IBus>().Publish(new Listing.Contracts.ListingWithdrawn
        {
            OccurredAt = DateTimeOffset.UtcNow, Listing = Snapshots.Listing(status: "withdrawn", version: 6, id: id),
        });
        await Platform.Testing.Eventually.TrueAsync(async () =>
            JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/exchange-listings?listingId={id}"))!["items"]!.AsArray()
                .All(p => p!["status"]!.GetValue<string>() == "not_listed"), what: "withdrawal everywhere");
    }
}
