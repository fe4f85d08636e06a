using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CrossBorder.Tests;

/// <summary>services/CrossBorder/README.md GET /api/deals?listingId=&amp;status=</summary>
public class DealsListTests(CrossBorderServiceFixture fixture) : IClassFixture<CrossBorderServiceFixture>
{
    [Fact]
    public async Task Deals_are_listed_by_listing_and_status()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing(exchanges: ["STEX"]));
        foreach (var buyer in new[] { "A", "B" })
            Assert.Equal(HttpStatusCode.Created, (await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals", new
            {
                listingId = listing.ListingId, mode = "non_exclusive_licence", pricingMethod = "exchange_listing",
                price = new { amount = "10.00", currency = "CNY" }, buyer = new { name = buyer, country = "CN" },
            })).StatusCode);
        var page = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/deals?listingId={listing.ListingId}&status=concluded&limit=1"))!;
        Assert.Single(page["items"]!.AsArray());
        var next = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync(
            $"/api/deals?listingId={listing.ListingId}&status=concluded&limit=1&cursor={page["nextCursor"]!.GetValue<string>()}"))!;
        Assert.Single(next["items"]!.AsArray());
        Assert.Empty(JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/deals?listingId={listing.ListingId}&status=in_publicity"))!["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Client("auditor").GetAsync("/api/deals?status=done")).StatusCode);
    }
}
