using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Gateway.Tests;

/// <summary>
/// Tenant isolation through the gateway: for every route, another university (sjtu) or exchange (SHIPX) acting on
/// fudan's and STEX's resources gets what the services' READMEs say (403 to change another's invention or listing; 404 for private
/// resources, so that their existence does not leak; lists without them), and nothing changes. A route with no
/// tenant-owned resource says why.
/// </summary>
[Collection(PlatformBehindGateway.Collection)]
public class TenantMatrixTests(PlatformBehindGateway platform)
{
    private abstract record Entry;
    private sealed record NotTenantScoped(string Why) : Entry;
    private sealed record Probe(Func<PlatformBehindGateway, Task> Check) : Entry;

    private static readonly object Empty = new { };

    private static Probe Expect(HttpStatusCode status, string role, string org, string method, Func<PlatformBehindGateway, string> path, object? body = null) =>
        Expect(status, role, org, method, path, _ => body);

    private static Probe Expect(HttpStatusCode status, string role, string org, string method, Func<PlatformBehindGateway, string> path,
        Func<PlatformBehindGateway, object?> body) =>
        new(async p =>
        {
            var content = body(p);
            var request = new HttpRequestMessage(new HttpMethod(method), path(p)) { Content = content is null ? null : JsonContent.Create(content) };
            if (method == "PUT") request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
            var response = await p.Client(role, org).SendAsync(request);
            Assert.True(response.StatusCode == status, $"{method} {path(p)} as {role} {org}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        });

    private static Probe ListWithout(string role, string org, Func<PlatformBehindGateway, string> path, Func<PlatformBehindGateway, string> id) =>
        new(async p =>
        {
            var items = JsonNode.Parse(await p.Client(role, org).GetStringAsync(path(p)))!["items"]!.AsArray();
            Assert.DoesNotContain(items, i => i!.ToJsonString().Contains(id(p), StringComparison.Ordinal));
        });

    /// <summary>A draft invention of fudan, never listed: its title and id.</summary>
    private static async Task<(string Title, string Id)> DraftAsync(PlatformBehindGateway p)
    {
        var title = "Draft" + Guid.NewGuid().ToString("N")[..8];
        var response = await p.Client("university", "fudan").PostAsJsonAsync("/api/inventions", new
        {
            title, @abstract = "unpublished work", field = "ai", trl = 2,
            contributors = new[] { new { personId = "p-9", name = "Wu", share = "1", mainContributor = true } },
            ipAssets = Array.Empty<object>(), rights = new { model = "unit_owned" }, exportControl = new { @class = "free" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (title, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
    }

    private static async Task<string> DraftListingAsync(PlatformBehindGateway p, string inventionId)
    {
        var response = await p.Client("university", "fudan").PostAsJsonAsync("/api/listings", new
        {
            inventionId, modes = new[] { "transfer" }, pricing = new { method = "auction" }, exchanges = new[] { "STEX" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private static readonly Dictionary<string, Entry> Matrix = new()
    {
        // Listing: inventions and listings are public to read; only the owner changes them.
        // Personal data (root README, Rules): drafts only to their university; others see offered inventions with
        // their contributors' names alone.
        ["GET /api/inventions"] = new Probe(async p =>
        {
            var (title, _) = await DraftAsync(p);
            Assert.Empty(JsonNode.Parse(await p.Client("university", "sjtu").GetStringAsync($"/api/inventions?q={title}"))!["items"]!.AsArray());
            Assert.Single(JsonNode.Parse(await p.Client("university", "fudan").GetStringAsync($"/api/inventions?q={title}"))!["items"]!.AsArray());
            var offered = JsonNode.Parse(await p.Client("exchange", "SHIPX").GetStringAsync("/api/inventions?limit=200"))!["items"]!.AsArray()
                .Single(i => i!["id"]!.GetValue<string>() == p.InventionId.ToString())!;
            Assert.All(offered["contributors"]!.AsArray(), c => Assert.Equal(["name"], c!.AsObject().Select(kv => kv.Key)));
        }),
        ["POST /api/inventions"] = new NotTenantScoped("creates for the caller's own university (org claim)"),
        ["GET /api/inventions/{id:guid}"] = new Probe(async p =>
        {
            var (_, draft) = await DraftAsync(p);
            Assert.Equal(HttpStatusCode.NotFound, (await p.Client("university", "sjtu").GetAsync($"/api/inventions/{draft}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await p.Client("auditor").GetAsync($"/api/inventions/{draft}")).StatusCode);
            var offered = JsonNode.Parse(await p.Client("university", "sjtu").GetStringAsync($"/api/inventions/{p.InventionId}"))!;
            var contributor = offered["contributors"]![0]!.AsObject();
            Assert.Equal(["name"], contributor.Select(kv => kv.Key)); // no staff id, share or leader flags
            Assert.NotNull(JsonNode.Parse(await p.Client("university", "fudan").GetStringAsync($"/api/inventions/{p.InventionId}"))!["contributors"]![0]!["personId"]);
        }),
        ["PUT /api/inventions/{id:guid}"] = Expect(HttpStatusCode.Forbidden, "university", "sjtu", "PUT", p => $"/api/inventions/{p.InventionId}", new
        {
            title = "Taken", @abstract = "a", field = "ai", trl = 5,
            contributors = new[] { new { personId = "p-1", name = "Li", share = "1", mainContributor = true } },
            ipAssets = Array.Empty<object>(), rights = new { model = "unit_owned" }, exportControl = new { @class = "free" },
        }),
        ["GET /api/listings"] = new Probe(async p =>
        {
            var (_, draft) = await DraftAsync(p);
            var listing = await DraftListingAsync(p, draft);
            Assert.DoesNotContain(JsonNode.Parse(await p.Client("exchange", "STEX").GetStringAsync("/api/listings?limit=200"))!["items"]!.AsArray(),
                l => l!["id"]!.GetValue<string>() == listing);
            Assert.Contains(JsonNode.Parse(await p.Client("university", "fudan").GetStringAsync("/api/listings?status=draft&limit=200"))!["items"]!.AsArray(),
                l => l!["id"]!.GetValue<string>() == listing);
        }),
        ["POST /api/listings"] = Expect(HttpStatusCode.Forbidden, "university", "sjtu", "POST", _ => "/api/listings", p => new
        {
            inventionId = p.InventionId, modes = new[] { "transfer" }, pricing = new { method = "auction" }, exchanges = new[] { "STEX" },
        }),
        ["GET /api/listings/{id:guid}"] = new Probe(async p =>
        {
            var (_, draft) = await DraftAsync(p);
            var listing = await DraftListingAsync(p, draft);
            Assert.Equal(HttpStatusCode.NotFound, (await p.Client("exchange", "STEX").GetAsync($"/api/listings/{listing}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await p.Client("exchange", "STEX").GetAsync($"/api/listings/{p.ListingId}")).StatusCode);
        }),
        ["POST /api/listings/{id:guid}/publish"] = Expect(HttpStatusCode.Forbidden, "university", "sjtu", "POST", p => $"/api/listings/{p.ListingId}/publish"),
        ["POST /api/listings/{id:guid}/withdraw"] = Expect(HttpStatusCode.Forbidden, "university", "sjtu", "POST", p => $"/api/listings/{p.ListingId}/withdraw"),
        // Valuation: the owner, an exchange the listing names, or an admin values a listing; valuations are public.
        ["GET /api/valuations"] = new NotTenantScoped("public (Valuation README: any)"),
        ["GET /api/valuations/{id:guid}"] = new NotTenantScoped("public (Valuation README: any)"),
        ["POST /api/valuations"] = Expect(HttpStatusCode.Forbidden, "exchange", "SHIPX", "POST", _ => "/api/valuations", p => new
        {
            listingId = p.ListingId, method = "cost", inputs = new { reproductionCost = new { amount = "1000.00", currency = "CNY" }, obsolescence = "0.2" },
        }),
        // Revenue-sharing: accounts, receipts, costs, payouts and self-implementations are private to the university.
        ["GET /api/audit/compliance"] = new NotTenantScoped("auditors only, who read all"),
        ["GET /api/audit/deals/{dealId:guid}/trace"] = new NotTenantScoped("auditors only, who read all"),
        ["GET /api/audit/verify"] = new NotTenantScoped("auditors only, who read all"),
        ["GET /api/audit/heads"] = new NotTenantScoped("signed heads of the whole ledger: hashes only, for every witness"),
        ["GET /api/audit/heads/latest"] = new NotTenantScoped("signed heads of the whole ledger: hashes only, for every witness"),
        ["GET /api/audit/proofs/consistency"] = new NotTenantScoped("hashes of the whole ledger's tree, for every witness"),
        ["GET /api/audit/proofs/inclusion"] = new NotTenantScoped("auditors only, who read all"),
        ["GET /api/audit/export"] = new NotTenantScoped("auditors only, who read all"),
        ["GET /api/jurisdictions"] = new NotTenantScoped("reference data"),
        ["PUT /api/jurisdictions/{code}"] = new NotTenantScoped("admins only"),
        ["PUT /api/universities/{code}/jurisdiction"] = new NotTenantScoped("admins only"),
        ["GET /api/policies/{university}"] = new NotTenantScoped("public (RevenueSharing README: any)"),
        ["PUT /api/policies/{university}"] = Expect(HttpStatusCode.Forbidden, "university", "sjtu", "PUT", _ => "/api/policies/fudan", new
        {
            rewardShare = "0.90", remainder = new { department = "0.5", university = "0.3", transferOffice = "0.2" },
            payoutDeadlineDays = 180, publicityWorkingDays = 15, selfImplementationShare = "0.05", effectiveFrom = "2030-01-01",
        }),
        ["POST /api/receipts"] = Expect(HttpStatusCode.Forbidden, "exchange", "SHIPX", "POST", _ => "/api/receipts", p => new
        {
            dealId = p.DealId, amount = new { amount = "5.00", currency = "CNY" }, receivedAt = "2026-12-01T00:00:00+08:00", kind = "royalty", reference = "X-1",
        }),
        ["GET /api/receipts/{id:guid}"] = Expect(HttpStatusCode.NotFound, "exchange", "SHIPX", "GET", p => $"/api/receipts/{p.ReceiptId}"),
        ["POST /api/costs"] = Expect(HttpStatusCode.Forbidden, "university", "sjtu", "POST", _ => "/api/costs", p => new
        {
            dealId = p.DealId, category = "legal", amount = new { amount = "5.00", currency = "CNY" }, incurredAt = "2026-12-01T00:00:00+08:00",
        }),
        ["GET /api/costs/{id:guid}"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "GET", p => $"/api/costs/{p.CostId}"),
        ["POST /api/receipts/{id:guid}/reversal"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "POST", p => $"/api/receipts/{p.ReceiptId}/reversal",
            new { reason = "not mine" }),
        ["POST /api/costs/{id:guid}/reversal"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "POST", p => $"/api/costs/{p.CostId}/reversal",
            new { reason = "not mine" }),
        ["GET /api/revenue/deals/{dealId:guid}"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "GET", p => $"/api/revenue/deals/{p.DealId}"),
        ["POST /api/revenue/deals/{dealId:guid}/publicity"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "POST", p => $"/api/revenue/deals/{p.DealId}/publicity",
            new
            {
                persons = new[] { new { personId = "p-1", amount = new { amount = "10.00", currency = "CNY" } } },
                startsAt = "2026-12-01T00:00:00+08:00", endsAt = "2026-12-20T00:00:00+08:00", reference = "x",
            }),
        ["POST /api/revenue/deals/{dealId:guid}/equity-sales"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "POST",
            p => $"/api/revenue/deals/{p.DealId}/equity-sales",
            new { personId = "p-1", shares = 1, proceeds = new { amount = "10.00", currency = "CNY" }, soldAt = "2026-12-01T00:00:00+08:00" }),
        ["GET /api/revenue/deals/{dealId:guid}/equity-sales"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "GET", p => $"/api/revenue/deals/{p.DealId}/equity-sales"),
        ["GET /api/revenue/deals/{dealId:guid}/publicity"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "GET", p => $"/api/revenue/deals/{p.DealId}/publicity"),
        ["GET /api/revenue/deals/{dealId:guid}/publicity/{id:guid}"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "GET",
            p => $"/api/revenue/deals/{p.DealId}/publicity/{p.PublicityId}"),
        ["GET /api/payouts"] = ListWithout("university", "sjtu", p => $"/api/payouts?dealId={p.DealId}", p => p.PayoutId.ToString()),
        ["POST /api/payouts/{id:guid}/pay"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "POST", p => $"/api/payouts/{p.PayoutId}/pay",
            new { paidAt = "2026-12-01T00:00:00+08:00", bankReference = "B-1" }),
        ["POST /api/self-implementations"] = Expect(HttpStatusCode.Forbidden, "university", "sjtu", "POST", _ => "/api/self-implementations",
            p => new { listingId = p.ListingId }),
        ["GET /api/self-implementations/{id:guid}"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "GET", p => $"/api/self-implementations/{p.SelfImplementationId}"),
        ["POST /api/self-implementations/{id:guid}/profit-reports"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "POST",
            p => $"/api/self-implementations/{p.SelfImplementationId}/profit-reports", new { year = 2025, operatingProfit = new { amount = "1.00", currency = "CNY" } }),
        // Cross-border: deals are public records of the exchanges; changes belong to the owner and the deal's exchange.
        ["GET /api/calendar"] = new NotTenantScoped("reference data"),
        ["PUT /api/calendar/{date}"] = new NotTenantScoped("admins only"),
        ["GET /api/universities"] = new NotTenantScoped("reference data: the register of universities"),
        ["PUT /api/universities/{code}"] = new NotTenantScoped("admins only"),
        ["GET /api/exchanges"] = new NotTenantScoped("reference data"),
        ["POST /api/exchanges"] = new NotTenantScoped("admins only"),
        ["GET /api/linkages"] = new NotTenantScoped("reference data"),
        ["POST /api/linkages"] = new NotTenantScoped("admins only"),
        ["GET /api/export-control/catalogue"] = new NotTenantScoped("reference data"),
        ["POST /api/export-control/catalogue"] = new NotTenantScoped("admins only"),
        ["GET /api/fx-rates"] = new NotTenantScoped("reference data"),
        ["POST /api/fx-rates"] = new NotTenantScoped("admins only"),
        ["GET /api/exchange-listings"] = new NotTenantScoped("where public listings are listed (CrossBorder README: any)"),
        // A deal names its buyer and price: its university, its exchange, the exchanges its listing is on, auditors and admins.
        ["GET /api/deals"] = ListWithout("university", "sjtu", _ => "/api/deals?limit=200", p => p.DealId.ToString()),
        ["GET /api/deals/{id:guid}"] = Expect(HttpStatusCode.NotFound, "university", "sjtu", "GET", p => $"/api/deals/{p.DealId}"),
        // An exchange records deals only on listings listed on it: 422 not-listed-on-exchange.
        ["POST /api/deals"] = Expect(HttpStatusCode.UnprocessableEntity, "exchange", "SHIPX", "POST", _ => "/api/deals", p => new
        {
            listingId = p.ListingId, mode = "non_exclusive_licence", pricingMethod = "exchange_listing",
            price = new { amount = "1000.00", currency = "CNY" }, buyer = new { name = "Acme", country = "CN" },
        }),
        ["PUT /api/deals/{id:guid}/registration"] = Expect(HttpStatusCode.Forbidden, "exchange", "SHIPX", "PUT", p => $"/api/deals/{p.DealId}/registration",
            new { kind = "tech_contract", number = "T-1", registeredAt = "2026-12-01T00:00:00+08:00" }),
        ["POST /api/deals/{id:guid}/objections"] = new NotTenantScoped("anyone may object during a public notice (CrossBorder README: university, exchange, admin)"),
        ["POST /api/deals/{id:guid}/objections/{oid:guid}/resolve"] = Expect(HttpStatusCode.Forbidden, "university", "sjtu", "POST",
            p => $"/api/deals/{p.AgreementDealId}/objections/{p.ObjectionId}/resolve", new { resolution = "Dismissed." }),
        ["GET /api/subscriptions"] = ListWithout("exchange", "SHIPX", _ => "/api/subscriptions", p => p.SubscriptionId.ToString()),
        ["POST /api/subscriptions"] = new NotTenantScoped("creates for the caller's own exchange (org claim)"),
        ["GET /api/subscriptions/{id:guid}"] = Expect(HttpStatusCode.NotFound, "exchange", "SHIPX", "GET", p => $"/api/subscriptions/{p.SubscriptionId}"),
        ["DELETE /api/subscriptions/{id:guid}"] = Expect(HttpStatusCode.NotFound, "exchange", "SHIPX", "DELETE", p => $"/api/subscriptions/{p.SubscriptionId}"),
        ["GET /api/subscriptions/{id:guid}/deliveries"] = Expect(HttpStatusCode.NotFound, "exchange", "SHIPX", "GET", p => $"/api/subscriptions/{p.SubscriptionId}/deliveries"),
        ["POST /api/subscriptions/{id:guid}/deliveries/{deliveryId:guid}/retry"] = Expect(HttpStatusCode.NotFound, "exchange", "SHIPX", "POST",
            p => $"/api/subscriptions/{p.SubscriptionId}/deliveries/{p.DeliveryId}/retry"),
        ["POST /api/subscriptions/{id:guid}/secret"] = Expect(HttpStatusCode.NotFound, "exchange", "SHIPX", "POST", p => $"/api/subscriptions/{p.SubscriptionId}/secret"),
        ["GET /api/events"] = ListWithout("exchange", "SHIPX", _ => "/api/events?limit=200", p => p.ListingId.ToString()),
    };

    [Fact]
    public void Every_route_has_a_tenant_entry()
    {
        var routes = RouteMatrixTests.GatewayRoutes().Select(r => r.Key).ToHashSet();
        Assert.True(routes.SetEquals(Matrix.Keys),
            $"Routes without a tenant entry: {string.Join("; ", routes.Except(Matrix.Keys))}. Entries without a route: {string.Join("; ", Matrix.Keys.Except(routes))}.");
    }

    public static TheoryData<string> Probed()
    {
        var data = new TheoryData<string>();
        foreach (var (key, entry) in Matrix) if (entry is Probe) data.Add(key);
        return data;
    }

    [Theory]
    [MemberData(nameof(Probed))]
    public async Task Another_tenant_gets_what_api_md_says(string route) => await ((Probe)Matrix[route]).Check(platform);
}
