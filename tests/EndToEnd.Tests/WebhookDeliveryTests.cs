using System.Net;
using CrossBorder.Tests;
using Platform.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// An exchange integrates as the README says, through the gateway only: it subscribes, a university's listing is
/// published on it, the exchange concludes a deal, and its receiver (the README's guide) gets deal.concluded signed;
/// the same event is in its feed, and another exchange sees none of it.
/// </summary>
[Collection(PlatformCollection.Name)]
public class WebhookDeliveryTests(PlatformProcesses platform)
{
    [Fact]
    public async Task A_deal_reaches_the_exchanges_receiver_and_feed_through_the_gateway()
    {
        var exchange = platform.Client("exchange", "STEX");
        await using var receiver = await WebhookReceiver.StartAsync(async url =>
            (await (await exchange.PostJsonAsync("api/subscriptions", new { url, eventTypes = new[] { "listing.published", "deal.concluded" } }))
                .ReadAsync(HttpStatusCode.Created))["secret"]!.GetValue<string>());

        var university = platform.Client("university", "fudan");
        var invention = await (await university.PostJsonAsync("api/inventions", new
        {
            title = "Hooked", @abstract = "a", field = "ai", trl = 5,
            contributors = new[] { new { personId = "p-1", name = "Li", share = "1", mainContributor = true } },
            ipAssets = new[] { new { kind = "software_copyright" } }, rights = new { model = "unit_owned" }, exportControl = new { @class = "free" },
        })).ReadAsync(HttpStatusCode.Created);
        var listingId = (await (await university.PostJsonAsync("api/listings", new
        {
            inventionId = invention["id"]!.GetValue<string>(), modes = new[] { "non_exclusive_licence" },
            pricing = new { method = "exchange_listing" }, exchanges = new[] { "STEX" },
        })).ReadAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await university.PostAsync($"api/listings/{listingId}/publish", null)).ReadAsync(HttpStatusCode.OK);

        var deal = await Eventually.GetAsync(async () =>
        {
            var response = await exchange.PostJsonAsync("api/deals", new
            {
                listingId, mode = "non_exclusive_licence", pricingMethod = "exchange_listing",
                price = new { amount = "5000.00", currency = "CNY" }, buyer = new { name = "Acme", country = "CN" },
            });
            // Until cross-border has placed the listing on STEX: 422 not-listed-on-exchange.
            return response.StatusCode == HttpStatusCode.UnprocessableEntity ? null : await response.ReadAsync(HttpStatusCode.Created);
        }, TimeSpan.FromSeconds(30), "the deal");
        var dealId = deal["id"]!.GetValue<string>();

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Handled.Any(e => e.GetProperty("type").GetString() == "deal.concluded")),
            TimeSpan.FromSeconds(30), "deal.concluded at the receiver");
        var concluded = receiver.Handled.First(e => e.GetProperty("type").GetString() == "deal.concluded");
        Assert.Equal(dealId, concluded.GetProperty("data").GetProperty("id").GetString());
        // Deliveries are sent concurrently, in no promised order: the listing's event may arrive after the deal's.
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Handled.Any(e => e.GetProperty("type").GetString() == "listing.published"
            && e.GetProperty("data").GetProperty("listingId").GetString() == listingId)), TimeSpan.FromSeconds(30), "listing.published at the receiver");

        // The feed shows an event once it has settled (5 s: README).
        await Eventually.TrueAsync(async () => (await (await exchange.GetAsync("api/events?type=deal.concluded&limit=200")).ReadAsync(HttpStatusCode.OK))["items"]!
            .AsArray().Any(e => e!["id"]!.GetValue<string>() == concluded.GetProperty("id").GetString()), TimeSpan.FromSeconds(30), "deal.concluded in the feed");
        var other = (await (await platform.Client("exchange", "SHIPX").GetAsync("api/events?limit=200")).ReadAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.DoesNotContain(other, e => e!["data"]!.ToJsonString().Contains(listingId, StringComparison.Ordinal));
    }
}
