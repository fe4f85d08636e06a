using System.Net;
using Platform.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// The thin slice through the gateway, on the five real processes: a university lists an invention, an
/// exchange records a deal, revenue-sharing opens the account, a receipt is distributed at 70% of net income.
/// </summary>
[Collection(PlatformCollection.Name)]
public class ThinSliceTests(PlatformProcesses platform)
{
    private static object Invention(string title) => new
    {
        title,
        @abstract = "A sodium-ion solid electrolyte with high conductivity at room temperature.",
        field = "new_energy",
        ipcClass = "H01M",
        trl = 4,
        contributors = new object[]
        {
            new { personId = "p-001", name = "Li Wei", share = "0.34", mainContributor = true, role = "inventor", unitHead = false, leadershipPost = false },
            new { personId = "p-002", name = "Wang Fang", share = "0.33", mainContributor = true, role = "inventor", unitHead = false, leadershipPost = false },
            new { personId = "p-003", name = "Zhao Min", share = "0.33", mainContributor = false, role = "transfer_staff", unitHead = false, leadershipPost = false },
        },
        ipAssets = new[] { new { kind = "patent", number = "CN114000000B", jurisdiction = "CN", status = "granted" } },
        rights = new { model = "unit_owned" },
        exportControl = new { @class = "free", dualUse = false },
    };

    [Fact]
    public async Task A_receipt_is_distributed_at_70_percent_of_net_income_exact_to_the_fen()
    {
        var university = platform.Client("university", "fudan");
        var exchange = platform.Client("exchange", "STEX");
        var auditor = platform.Client("auditor");

        var invention = await (await university.PostJsonAsync("api/inventions", Invention("Solid-state electrolyte"))).ReadAsync(HttpStatusCode.Created);
        var listing = await (await university.PostJsonAsync("api/listings", new
        {
            inventionId = invention["id"]!.GetValue<string>(),
            modes = new[] { "exclusive_licence", "non_exclusive_licence" },
            pricing = new { method = "exchange_listing", askingPrice = new { amount = "1200000.00", currency = "CNY" } },
            exchanges = new[] { "STEX" },
        })).ReadAsync(HttpStatusCode.Created);
        var listingId = listing["id"]!.GetValue<string>();
        Assert.Equal("draft", listing["status"]!.GetValue<string>());

        var published = await (await university.PostAsync($"api/listings/{listingId}/publish", null)).ReadAsync(HttpStatusCode.OK);
        Assert.Equal("published", published["status"]!.GetValue<string>());

        // listing.published → the cross-border service lists it on STEX (and co-lists it on SHIPX: it has a patent).
        var placements = await Eventually.GetAsync(async () =>
        {
            var items = (await (await exchange.GetAsync($"api/exchange-listings?listingId={listingId}")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
            return items.Any(i => i!["exchange"]!.GetValue<string>() == "STEX" && i["status"]!.GetValue<string>() == "listed") ? items : null;
        }, what: "the listing on STEX");
        Assert.Contains(placements, i => i!["exchange"]!.GetValue<string>() == "SHIPX" && i["status"]!.GetValue<string>() == "listed");
        Assert.Contains(placements, i => i!["exchange"]!.GetValue<string>() == "KETX" && i["status"]!.GetValue<string>() == "not_listed");

        var deal = await (await exchange.PostJsonAsync("api/deals", new
        {
            listingId, mode = "exclusive_licence", pricingMethod = "exchange_listing",
            price = new { amount = "1000000.00", currency = "CNY" }, buyer = new { name = "Acme Ltd", country = "CN" },
        })).ReadAsync(HttpStatusCode.Created);
        Assert.Equal("concluded", deal["status"]!.GetValue<string>());
        Assert.Null(deal["contributors"]); // exchanges never see the people
        var dealId = deal["id"]!.GetValue<string>();

        // deal.concluded → revenue-sharing opens the account; until then a cost is 422 deal-not-concluded.
        await Eventually.TrueAsync(async () =>
        {
            var response = await university.PostJsonAsync("api/costs", new
            {
                dealId, category = "maintenance", amount = new { amount = "30000.03", currency = "CNY" },
                incurredAt = DateTimeOffset.UtcNow, evidenceRef = "annuity-2026",
            });
            if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                Assert.Contains("/problems/deal-not-concluded", await response.Content.ReadAsStringAsync());
                return false;
            }
            await response.ReadAsync(HttpStatusCode.Created);
            return true;
        }, what: "the deal account");

        await (await university.PostJsonAsync("api/receipts", new
        {
            dealId, amount = new { amount = "1000000.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow,
            kind = "upfront", withholdingTax = (object?)null, reference = "BANK-" + Guid.NewGuid().ToString("N")[..8],
        })).ReadAsync(HttpStatusCode.Created);

        // net = 1,000,000.00 − 30,000.03 = 969,999.97; 0.70 × net = 678,999.979 → pool rounded up: 678,999.98.
        // 67,899,998 fen by 0.34/0.33/0.33: floors 23,085,999 + 22,406,999 × 2, one fen left; the 0.33 holders tie
        // on remainder (.34) above p-001 (.32), so the smaller id, p-002, gets it.
        var account = await (await university.GetAsync($"api/revenue/deals/{dealId}")).ReadAsync(HttpStatusCode.OK);
        Assert.Equal(969999.97m, account["netIncome"].Amount());
        Assert.Equal(678999.98m, account["rewardPool"].Amount());
        Assert.Equal(678999.98m, account["distributed"].Amount());
        Assert.Equal("0.7", account["rewardShare"]!.GetValue<string>().TrimEnd('0'));
        var amounts = account["contributors"]!.AsArray().ToDictionary(c => c!["personId"]!.GetValue<string>(), c => c!["amount"].Amount());
        Assert.Equal(230859.99m, amounts["p-001"]);
        Assert.Equal(224070.00m, amounts["p-002"]);
        Assert.Equal(224069.99m, amounts["p-003"]);
        Assert.True(account["compliant"]!.GetValue<bool>());

        var trace = await (await auditor.GetAsync($"api/audit/deals/{dealId}/trace")).ReadAsync(HttpStatusCode.OK);
        var entries = trace["entries"]!.AsArray();
        Assert.Contains(entries, e => e!["kind"]!.GetValue<string>() == "receipt" && e["amount"].Amount() == 1000000.00m);
        Assert.Contains(entries, e => e!["kind"]!.GetValue<string>() == "cost" && e["amount"].Amount() == 30000.03m);
        var distributed = entries.Where(e => e!["kind"]!.GetValue<string>() == "distribution").Sum(e => e!["amount"].Amount());
        Assert.Equal(678999.98m, distributed);
        Assert.All(entries, e => Assert.Equal(64, e!["hash"]!.GetValue<string>().Length));
        Assert.All(entries.Where(e => e!["kind"]!.GetValue<string>() == "distribution"),
            e => Assert.Equal("distribution", e!["source"]!["type"]!.GetValue<string>()));
        // The chain: each entry of this deal names the hash of the entry before it in the service's chain.
        var sequences = entries.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequences.Order(), sequences);
    }

    [Fact]
    public async Task The_gateway_and_the_services_refuse_callers_without_the_right_token()
    {
        var anonymous = platform.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJsonAsync("api/inventions", Invention("x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"api/listings/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("health/ready")).StatusCode);
        foreach (var service in new[] { "listing", "valuation", "revenue-sharing", "cross-border" })
            Assert.Contains("\"openapi\"", await (await anonymous.GetAsync($"openapi/{service}.json")).ReadAsync(HttpStatusCode.OK) is { } d ? d.ToJsonString() : "");

        // The service is a wall of its own: no token straight to it is 401 too.
        using var direct = new HttpClient(Platform.Testing.Contract.ContractConformanceHandler.OverNetwork()) { BaseAddress = platform.ServiceAddresses["listing"] };
        Assert.Equal(HttpStatusCode.Unauthorized, (await direct.GetAsync($"api/listings/{Guid.NewGuid()}")).StatusCode);

        // Wrong role: an exchange may not register inventions; a role none of the four: 403.
        var exchange = platform.Client("exchange", "STEX");
        Assert.Equal(HttpStatusCode.Forbidden, (await exchange.PostJsonAsync("api/inventions", Invention("x"))).StatusCode);
        var stranger = platform.Client("janitor", "fudan");
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"api/listings/{Guid.NewGuid()}")).StatusCode);

        // Another university's listing: 403 on publish, and nothing changed.
        var fudan = platform.Client("university", "fudan");
        var sjtu = platform.Client("university", "sjtu");
        var invention = await (await fudan.PostJsonAsync("api/inventions", Invention("Owned by fudan"))).ReadAsync(HttpStatusCode.Created);
        var listing = await (await fudan.PostJsonAsync("api/listings", new
        {
            inventionId = invention["id"]!.GetValue<string>(), modes = new[] { "transfer" },
            pricing = new { method = "auction" }, exchanges = new[] { "STEX" },
        })).ReadAsync(HttpStatusCode.Created);
        var listingId = listing["id"]!.GetValue<string>();
        var refused = await sjtu.PostAsync($"api/listings/{listingId}/publish", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var unchanged = await (await fudan.GetAsync($"api/listings/{listingId}")).ReadAsync(HttpStatusCode.OK);
        Assert.Equal("draft", unchanged["status"]!.GetValue<string>());

        // A deal account of another university is not found, so that its existence does not leak.
        Assert.Equal(HttpStatusCode.NotFound, (await sjtu.GetAsync($"api/revenue/deals/{Guid.NewGuid()}")).StatusCode);
    }
}
