using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace CrossBorder.Tests;

/// <summary>Admin-managed reference data: exchanges, linkages and the export-control catalogue.</summary>
public class ReferenceDataApiTests(CrossBorderServiceFixture fixture) : IClassFixture<CrossBorderServiceFixture>
{
    private static async Task<string> ProblemType(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!["type"]!.GetValue<string>();

    [Fact]
    public async Task An_admin_adds_a_partner_exchange_abroad_and_links_it_from_the_gateway()
    {
        var admin = fixture.Client("admin");
        var exchange = new { code = "ZATX", name = "South Africa Technology Exchange (partner)", country = "ZA", currency = "ZAR", crossBorderGateway = false };
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/exchanges", exchange)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/exchanges", exchange)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/exchanges", exchange)).StatusCode);

        Assert.Equal("/problems/linkage-not-allowed", await ProblemType(await admin.PostAsJsonAsync("/api/linkages", new { from = "STEX", to = "ZATX", kind = "cross_border" })));
        Assert.Equal("/problems/exchange-unknown", await ProblemType(await admin.PostAsJsonAsync("/api/linkages", new { from = "SSTPE", to = "NOPE", kind = "cross_border" })));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/linkages", new { from = "SSTPE", to = "ZATX", kind = "cross_border" })).StatusCode);

        var listing = await fixture.PublishListingAsync(Snapshots.Listing(exchanges: ["SSTPE"]));
        var placements = JsonNode.Parse(await admin.GetStringAsync($"/api/exchange-listings?listingId={listing.ListingId}"))!["items"]!.AsArray();
        Assert.Contains(placements, p => p!["exchange"]!.GetValue<string>() == "ZATX" && p["status"]!.GetValue<string>() == "listed");
    }

    [Fact]
    public async Task A_stricter_catalogue_class_wins_over_the_declared_one()
    {
        var admin = fixture.Client("admin");
        var item = "CN-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/export-control/catalogue", new { item, @class = "free", title = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/export-control/catalogue", new { item, @class = "restricted", title = "Sodium battery electrolytes" })).StatusCode);
        Assert.Contains(JsonNode.Parse(await fixture.Client("auditor").GetStringAsync("/api/export-control/catalogue"))!["items"]!.AsArray(),
            i => i!["item"]!.GetValue<string>() == item);

        // Declared free with that item: restricted applies, so abroad it needs a licence and is not listed abroad.
        var snapshot = Snapshots.Listing(exchanges: ["SSTPE", "STEX"]) with
        {
            ExportControl = new Listing.Contracts.ExportControlSnapshot { Class = "free", CatalogueItem = item },
        };
        var listing = await fixture.PublishListingAsync(snapshot);
        var placements = JsonNode.Parse(await admin.GetStringAsync($"/api/exchange-listings?listingId={listing.ListingId}"))!["items"]!.AsArray();
        Assert.Contains(placements, p => p!["exchange"]!.GetValue<string>() == "KETX" && p["status"]!.GetValue<string>() == "not_listed");
        var deal = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals", new
        {
            listingId = listing.ListingId, mode = "non_exclusive_licence", pricingMethod = "exchange_listing",
            price = new { amount = "1.00", currency = "CNY" }, buyer = new { name = "Acme", country = "KE" },
        });
        Assert.Equal("/problems/export-licence-required", await ProblemType(deal));
        Assert.Equal(0, await fixture.Service.WithDbAsync(db => db.Deals.CountAsync(d => d.ListingId == listing.ListingId)));
    }

    [Fact]
    public async Task A_catalogue_item_added_later_places_the_listings_that_declared_it_again()
    {
        var item = "CN-" + Guid.NewGuid().ToString("N")[..8];
        var snapshot = Snapshots.Listing(exchanges: ["SSTPE"]) with
        {
            ExportControl = new Listing.Contracts.ExportControlSnapshot { Class = "free", CatalogueItem = item },
        };
        var listing = await fixture.PublishListingAsync(snapshot);
        async Task<string> KetxStatus() => JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/exchange-listings?listingId={listing.ListingId}"))!
            ["items"]!.AsArray().Single(p => p!["exchange"]!.GetValue<string>() == "KETX")!["status"]!.GetValue<string>();
        Assert.Equal("listed", await KetxStatus()); // free, through the gateway SSTPE

        Assert.Equal(HttpStatusCode.Created, (await fixture.Client("admin").PostAsJsonAsync("/api/export-control/catalogue",
            new { item, @class = "restricted", title = "Added later" })).StatusCode);
        Assert.Equal("not_listed", await KetxStatus()); // at once, in the same request
    }
}
