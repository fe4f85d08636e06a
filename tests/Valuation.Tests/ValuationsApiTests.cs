using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Listing.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Monetary;
using Platform.Testing;
using Valuation.Api.Infrastructure;

namespace Valuation.Tests;

public sealed class ValuationServiceFixture : IAsyncLifetime
{
    public ServiceFactory<ValuationDbContext> Service { get; private set; } = null!;

    public HttpClient Client(string role, string? org = null)
    {
        TestTenants.Ensure(Service.DatabaseConnectionString, role, org);
        return Service.CreateClient().As(role, org);
    }

    public async Task InitializeAsync() => Service = await ServiceFactory<ValuationDbContext>.StartAsync("valuation");

    public async Task DisposeAsync() => await Service.DisposeAsync();

    /// <summary>listing.drafted on RabbitMQ, as the listing service sends it.</summary>
    public async Task<Guid> DraftListingAsync(int trl = 4, string currency = "CNY", string university = "fudan")
    {
        var id = Guid.CreateVersion7();
        await Service.Services.GetRequiredService<IBus>().Publish(new ListingDrafted
        {
            OccurredAt = DateTimeOffset.UtcNow,
            Listing = new ListingSnapshot
            {
                ListingId = id, InventionId = Guid.CreateVersion7(), UniversityId = university, Status = "draft", Title = "T", Field = "f", Trl = trl,
                Modes = ["transfer"], Pricing = new PricingSnapshot { Method = "auction", AskingPrice = new Money(1000m, currency) },
                Exchanges = ["STEX"], ExportControl = new ExportControlSnapshot { Class = "free" }, Rights = new RightsSnapshot { Model = "unit_owned" },
                IpAssets = [], Contributors = [], Version = 1,
            },
        });
        await Eventually.TrueAsync(() => Service.WithDbAsync(db => db.Listings.AnyAsync(l => l.ListingId == id)), what: "the listing copy");
        return id;
    }
}

public class ValuationsApiTests(ValuationServiceFixture fixture) : IClassFixture<ValuationServiceFixture>
{
    private static decimal Amount(JsonNode? money) => decimal.Parse(money!["amount"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    private static object IncomeBody(Guid listingId, string currency = "CNY", object? fxRates = null, string? success = null) => new
    {
        listingId, method = "income",
        inputs = new
        {
            annualRevenue = new[] { new { amount = "1000000.00", currency }, new { amount = "1200000.00", currency }, new { amount = "1400000.00", currency } },
            royaltyRate = "0.05", discountRate = "0.10", taxRate = "0.25", successProbability = success,
        },
        simulation = new { iterations = 10000, seed = 42, volatility = "0" },
        fxRates,
    };

    [Fact]
    public async Task An_income_valuation_is_stored_with_its_assumptions_and_announced()
    {
        var listingId = await fixture.DraftListingAsync(trl: 6); // TRL 6 → success 0.50 by default
        var response = await fixture.Client("university", "fudan").PostAsJsonAsync("/api/valuations", IncomeBody(listingId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var valuation = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(55_362.51m, Amount(valuation["value"]));
        Assert.Equal(55_362.51m, Amount(valuation["range"]!["p10"]));
        Assert.Equal(55_362.51m, Amount(valuation["range"]!["p90"]));
        Assert.Equal("0.50", valuation["assumptions"]!["successProbability"]!["value"]!.GetValue<string>()); // decimals travel as strings
        Assert.Contains("TRL 6", valuation["assumptions"]!["successProbability"]!["source"]!.GetValue<string>());
        Assert.Equal(42, valuation["assumptions"]!["seed"]!.GetValue<long>());

        var id = valuation["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client("auditor").GetAsync($"/api/valuations/{id}")).StatusCode);
        var list = JsonNode.Parse(await fixture.Client("exchange", "STEX").GetStringAsync($"/api/valuations?listingId={listingId}"))!;
        Assert.Equal(id, list["items"]![0]!["id"]!.GetValue<string>());
        var completed = await fixture.Service.WithDbAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType.StartsWith("Valuation.Contracts.ValuationCompleted")).Select(m => m.Body).ToListAsync());
        Assert.Contains(completed, body => body.Contains(id));
    }

    [Fact]
    public async Task A_listing_with_more_valuations_than_a_page_is_listed_whole_newest_first()
    {
        // Reproduces a defect: the list took a limit but gave no cursor, so valuations past the first page were cut off unseen.
        var listingId = await fixture.DraftListingAsync();
        var client = fixture.Client("university", "fudan");
        var made = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsJsonAsync("/api/valuations", IncomeBody(listingId));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            made.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        }
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = JsonNode.Parse(await client.GetStringAsync(
                $"/api/valuations?listingId={listingId}&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"))!;
            seen.AddRange(page["items"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null && seen.Count < 20);
        Assert.Equal(Enumerable.Reverse(made), seen); // every one, once, newest first
        var bad = await client.GetAsync($"/api/valuations?listingId={listingId}&cursor=not-a-cursor");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull(JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!["cursor"]);
    }

    [Fact]
    public async Task The_same_request_gives_the_same_range()
    {
        var listingId = await fixture.DraftListingAsync();
        var body = new
        {
            listingId, method = "cost", inputs = new { reproductionCost = new { amount = "1000000.00", currency = "CNY" }, obsolescence = "0.2" },
            simulation = new { iterations = 10000, seed = 42, volatility = "0.2" },
        };
        var client = fixture.Client("university", "fudan");
        var first = JsonNode.Parse(await (await client.PostAsJsonAsync("/api/valuations", body)).Content.ReadAsStringAsync())!;
        var second = JsonNode.Parse(await (await client.PostAsJsonAsync("/api/valuations", body)).Content.ReadAsStringAsync())!;
        Assert.Equal(first["range"]!.ToJsonString(), second["range"]!.ToJsonString());
        Assert.Equal(709_182.27m, Amount(first["range"]!["p10"])); // the fens of SimulationTests' known seed
    }

    [Fact]
    public async Task Inputs_in_another_currency_need_a_rate()
    {
        var listingId = await fixture.DraftListingAsync();
        var client = fixture.Client("university", "fudan");
        var missing = await client.PostAsJsonAsync("/api/valuations", IncomeBody(listingId, "USD", success: "1"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("/problems/fx-rate-missing", await missing.Content.ReadAsStringAsync());

        var converted = await client.PostAsJsonAsync("/api/valuations", IncomeBody(listingId, "USD", new Dictionary<string, string> { ["USD"] = "7.0" }, "1"));
        Assert.Equal(HttpStatusCode.Created, converted.StatusCode);
        // 110,725.02 CNY-equivalent per USD-unit revenue × 7, success 1: 110,725.018… × 7 = 775,075.13
        Assert.Equal(775_075.13m, Amount(JsonNode.Parse(await converted.Content.ReadAsStringAsync())!["value"]));
    }

    [Fact]
    public async Task Only_the_owner_an_exchange_it_names_or_an_admin_values_a_listing()
    {
        var listingId = await fixture.DraftListingAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("university", "sjtu").PostAsJsonAsync("/api/valuations", IncomeBody(listingId))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("exchange", "SHIPX").PostAsJsonAsync("/api/valuations", IncomeBody(listingId))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("auditor").PostAsJsonAsync("/api/valuations", IncomeBody(listingId))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/valuations", IncomeBody(listingId))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client("admin").PostAsJsonAsync("/api/valuations", IncomeBody(listingId))).StatusCode);
    }

    [Fact]
    public async Task An_unknown_listing_is_422_and_bad_inputs_are_400()
    {
        var unknown = await fixture.Client("admin").PostAsJsonAsync("/api/valuations", IncomeBody(Guid.CreateVersion7()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        var bad = await fixture.Client("admin").PostAsJsonAsync("/api/valuations", new { listingId = Guid.CreateVersion7(), method = "cost", inputs = new { } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull(JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!["inputs.reproductionCost"]);
    }
}
