using System.Net;
using Platform.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// Valuation is advisory (services/CrossBorder/README.md §2): a deal priced below the latest valuation's P10 is flagged on the deal and
/// on the revenue account the auditor sees, and still concludes; the deal stays compliant on that flag alone.
/// </summary>
[Collection(PlatformCollection.Name)]
public class ValuationFlagTests(PlatformProcesses platform)
{
    [Fact]
    public async Task A_deal_below_p10_is_flagged_end_to_end_and_not_refused()
    {
        var university = platform.Client("university", "fudan");
        var exchange = platform.Client("exchange", "STEX");
        var invention = await (await university.PostJsonAsync("api/inventions", new
        {
            title = "Valued", @abstract = "a", field = "ai", trl = 5,
            contributors = new[] { new { personId = "p-1", name = "Li", share = "1", mainContributor = true } },
            ipAssets = new[] { new { kind = "software_copyright" } }, rights = new { model = "unit_owned" }, exportControl = new { @class = "free" },
        })).ReadAsync(HttpStatusCode.Created);
        var listing = await (await university.PostJsonAsync("api/listings", new
        {
            inventionId = invention["id"]!.GetValue<string>(), modes = new[] { "non_exclusive_licence" },
            pricing = new { method = "exchange_listing", askingPrice = new { amount = "2000000.00", currency = "CNY" } }, exchanges = new[] { "STEX" },
        })).ReadAsync(HttpStatusCode.Created);
        var listingId = listing["id"]!.GetValue<string>();
        await (await university.PostAsync($"api/listings/{listingId}/publish", null)).ReadAsync(HttpStatusCode.OK);

        // listing.drafted reached the valuation service: value it (cost method, no spread: P10 = 2,000,000.00).
        var valuation = await Eventually.GetAsync(async () =>
        {
            var response = await university.PostJsonAsync("api/valuations", new
            {
                listingId, method = "cost", inputs = new { reproductionCost = new { amount = "2000000.00", currency = "CNY" }, obsolescence = "0" },
                simulation = new { iterations = 1000, seed = 1, volatility = "0" },
            });
            return response.StatusCode == HttpStatusCode.UnprocessableEntity ? null : await response.ReadAsync(HttpStatusCode.Created);
        }, what: "the valuation service to know the listing");
        Assert.Equal(2_000_000.00m, valuation["range"]!["p10"].Amount());

        // valuation.completed reached the listing (and, from the same publish, the cross-border service).
        await Eventually.TrueAsync(async () =>
            (await (await university.GetAsync($"api/listings/{listingId}")).ReadAsync(HttpStatusCode.OK))["valuation"] is { } v
            && v["p10"].Amount() == 2_000_000.00m, what: "the listing to show its valuation");
        await Eventually.TrueAsync(async () =>
            (await (await exchange.GetAsync($"api/exchange-listings?listingId={listingId}")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray()
                .Any(i => i!["exchange"]!.GetValue<string>() == "STEX" && i["status"]!.GetValue<string>() == "listed"), what: "the listing on STEX");
        // Cross-border keeps the latest valuation from the same publish, in the transaction that records the feed event:
        // once the auditor's feed shows the event (it shows events once settled, about 5 s), the flag can be judged.
        var auditor = platform.Client("auditor");
        await Eventually.TrueAsync(async () => (await (await auditor.GetAsync("api/events?type=valuation.completed&limit=200")).ReadAsync(HttpStatusCode.OK))
            ["items"]!.AsArray().Any(e => e!["data"]?["listingId"]?.GetValue<string>() == listingId), TimeSpan.FromSeconds(30),
            "cross-border to know the valuation");

        var deal = await (await exchange.PostJsonAsync("api/deals", new
        {
            listingId, mode = "non_exclusive_licence", pricingMethod = "exchange_listing",
            price = new { amount = "1000000.00", currency = "CNY" }, buyer = new { name = "Acme", country = "CN" },
        })).ReadAsync(HttpStatusCode.Created);
        Assert.Equal("concluded", deal["status"]!.GetValue<string>());
        Assert.Equal("below_p10", Assert.Single(deal["flags"]!.AsArray())!["code"]!.GetValue<string>());

        var dealId = deal["id"]!.GetValue<string>();
        var account = await Eventually.GetAsync(async () =>
        {
            var response = await university.GetAsync($"api/revenue/deals/{dealId}");
            return response.StatusCode == HttpStatusCode.NotFound ? null : await response.ReadAsync(HttpStatusCode.OK);
        }, what: "the deal account");
        Assert.Equal("below_p10", Assert.Single(account["flags"]!.AsArray())!["code"]!.GetValue<string>());
        Assert.True(account["compliant"]!.GetValue<bool>()); // below_p10 alone does not make a deal non-compliant
    }
}
